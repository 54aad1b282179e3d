package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.weaving.AnnotatedMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Annotated methods that name one breaker share it, through the engine that woven code calls. */
class SharedBreakerTest {

    @RegisterExtension
    final LogCapture registryLog = LogCapture.of(BreakerRegistry.class);

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private final EngineTime.Installed installed = EngineTime.install(TestTime.virtual(new RecordingSleeper()));

    @AfterEach
    void restore() {
        installed.close();
    }

    static class Share {
        final AtomicInteger runs = new AtomicInteger();

        @FileCircuitBreaker(name = "shared-share", failureThreshold = 2)
        void save(Path file) throws IOException {
            runs.incrementAndGet();
            throw new IOException("Stale file handle");
        }

        @FileCircuitBreaker(name = "shared-share", failureThreshold = 2)
        String load(Path file) {
            runs.incrementAndGet();
            return "loaded";
        }

        @FileCircuitBreaker(name = "disagreeing-share", failureThreshold = 2)
        void first() {
        }

        @FileCircuitBreaker(name = "disagreeing-share", failureThreshold = 3)
        void second() {
        }

        @FileCircuitBreaker(name = "reloaded-share")
        void reloaded(Path file) throws IOException {
            runs.incrementAndGet();
            throw new IOException("Stale file handle");
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1s", jitter = 0)
        @FileCircuitBreaker(failureThreshold = 1)
        void ownBreaker(Path file) throws IOException {
            runs.incrementAndGet();
            throw new IOException("Input/output error");
        }
    }

    private static Object call(Share share, String name, Object... arguments) throws Throwable {
        Method method = null;
        for (Method m : Share.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                method = m;
            }
        }
        Method body = method;
        return AnnotatedMethod.of(method).invoke(share, arguments, args -> {
            try {
                return body.invoke(share, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void twoMethodsNamingOneBreakerShareIt() {
        Share share = new Share();
        Path file = Path.of("/srv/share/tasks.json");

        catchThrowable(() -> call(share, "save", file));
        catchThrowable(() -> call(share, "save", file));
        Throwable refused = catchThrowable(() -> call(share, "load", file));

        assertThat(share.runs).as("load never ran: the breaker that save opened refused it").hasValue(2);
        assertThat(refused).as("load does not declare IOException").isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(FileCircuitOpenException.class)
                .hasMessageContaining("'shared-share' is open").hasMessageContaining("this call on " + file);
    }

    @Test
    void methodsThatDisagreeGetTheFirstBreakerAndOneWarnNamesBoth() throws Throwable {
        Share share = new Share();

        call(share, "first");
        call(share, "second");
        call(share, "second");

        assertThat(BreakerRegistry.shared().find("disagreeing-share").settings().failureThreshold()).isEqualTo(2);
        assertThat(registryLog.warnings()).singleElement().asString()
                .contains("Circuit breaker disagreeing-share is named by " + Share.class.getName() + ".second()")
                .contains("failureThreshold=3").contains("created for " + Share.class.getName() + ".first()")
                .contains("failureThreshold=2").contains("it keeps the first");
    }

    @Test
    void aReloadWithOtherThresholdsGivesTheMethodANewClosedBreaker() {
        Share share = new Share();
        Path file = Path.of("/srv/share/tasks.json");
        config.set("resilientio.reloaded-share.circuit-breaker.failure-threshold", "1");
        catchThrowable(() -> call(share, "reloaded", file));
        assertThat(catchThrowable(() -> call(share, "reloaded", file))).isInstanceOf(FileCircuitOpenException.class);

        config.set("resilientio.reloaded-share.circuit-breaker.failure-threshold", "3");
        Throwable afterReload = catchThrowable(() -> call(share, "reloaded", file));
        catchThrowable(() -> call(share, "reloaded", file));

        assertThat(afterReload).as("the new breaker starts closed and lets the call run")
                .isNotInstanceOf(FileCircuitOpenException.class).hasMessage("Stale file handle");
        assertThat(BreakerRegistry.shared().find("reloaded-share").settings().failureThreshold()).isEqualTo(3);
        assertThat(BreakerRegistry.shared().find("reloaded-share").state()).as("two failures of the new three")
                .isEqualTo("CLOSED");
        assertThat(share.runs).hasValue(3);
        assertThat(registryLog.warnings()).as("a reload blames no one").isEmpty();
    }

    @Test
    void anEmptyNameIsTheOperationsOwnBreakerAndItEndsTheRetries() {
        Share share = new Share();

        Throwable thrown = catchThrowable(() -> call(share, "ownBreaker", Path.of("/srv/a")));
        Throwable refused = catchThrowable(() -> call(share, "ownBreaker", Path.of("/srv/a")));

        assertThat(thrown).as("the failure that opened it ends the retries at once").isInstanceOf(IOException.class)
                .isNotInstanceOf(FileCircuitOpenException.class).hasMessage("Input/output error");
        assertThat(refused).isInstanceOf(FileCircuitOpenException.class).hasMessageContaining("'Share.ownBreaker' is open")
                .hasMessageContaining("RESILIENT_IO_SHARE_OWNBREAKER_CIRCUIT_BREAKER_OPEN_DURATION");
        assertThat(share.runs).as("no second attempt, and the next call was refused").hasValue(1);
    }

    @Test
    void theRefusalSurvivesSerialisation() throws Exception {
        FileCircuitOpenException original = new FileCircuitOpenException("tasks-share", java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(60), Path.of("/srv/a"), new IOException("Stale file handle"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        FileCircuitOpenException copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FileCircuitOpenException) in.readObject();
        }

        assertThat(copy.breaker()).isEqualTo("tasks-share");
        assertThat(copy.trialAt()).isEqualTo(java.time.Instant.EPOCH.plusSeconds(60));
        assertThat(copy.target()).isEqualTo("/srv/a");
        assertThat(copy).hasMessage("The circuit breaker 'tasks-share' is open since 1970-01-01T00:00:00Z, opened by"
                + " java.io.IOException: Stale file handle, so this call on /srv/a failed at once without touching the"
                + " file; it lets a trial call through after 1970-01-01T00:01:00Z. Fix what makes the place fail (a"
                + " mount, a full or read-only disk) and the breaker closes after its trial calls succeed; or tune it"
                + " (RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_OPEN_DURATION,"
                + " RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD), or switch every breaker off with"
                + " RESILIENT_IO_CIRCUIT_BREAKER_ENABLED=false.");
    }
}
