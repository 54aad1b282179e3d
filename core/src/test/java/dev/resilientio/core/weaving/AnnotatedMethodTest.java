package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.OtherThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine that woven code calls, driven by hand with a reflective body: what every weaving mode
 * shares, checked without any weaver.
 */
class AnnotatedMethodTest {

    @TempDir
    Path dir;

    static class Service {
        final List<Object> received = new ArrayList<>();

        @FileLocked(timeout = "50ms")
        void undeclared(Path file) {
            received.add(file);
        }

        @FileLocked(timeout = "50ms")
        void declared(Path file) throws IOException {
            received.add(file);
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", jitter = 0)
        void undeclaredRetry(Path file) {
            received.add(file);
        }

        @AtomicWrite
        void write(Path file) throws IOException {
            received.add(file);
            Files.writeString(file, "new");
        }

        @RetryFileOperation(maxAttempts = 0)
        void badAttribute(Path file) {
            received.add(file);
        }

        @AtomicWrite
        void misused(String text) {
            received.add(text);
        }
    }

    @AfterEach
    void restoreConfiguration() {
        System.clearProperty("resilientio.enabled");
        ResilientIoConfig.reload();
    }

    private static Object call(Service service, String name, Object... arguments) throws Throwable {
        Method method = null;
        for (Method m : Service.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                method = m;
            }
        }
        Method body = method;
        return AnnotatedMethod.of(method).invoke(service, arguments, args -> {
            try {
                return body.invoke(service, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Locks belong to threads: only another thread waits for the lock this one holds. */
    private static Throwable failureOnOtherThread(Service service, String name, Path file) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Throwable unexpected = OtherThread.run("caller", Duration.ofSeconds(5), () -> {
            try {
                call(service, name, file);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(unexpected).isNull();
        return failure.get();
    }

    @Test
    void lockTimeoutOnAMethodNotDeclaringIoExceptionArrivesUnchecked() throws Exception {
        Path file = dir.resolve("a.json");
        Service service = new Service();
        FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(1));
        try {
            Throwable failure = failureOnOtherThread(service, "undeclared", file);

            assertThat(failure).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(FileLockTimeoutException.class);
        } finally {
            held.close();
        }
        assertThat(service.received).isEmpty();
    }

    @Test
    void lockTimeoutOnAMethodDeclaringIoExceptionArrivesAsItIs() throws Exception {
        Path file = dir.resolve("a.json");
        FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(1));
        try {
            Throwable failure = failureOnOtherThread(new Service(), "declared", file);

            assertThat(failure).isInstanceOf(FileLockTimeoutException.class);
        } finally {
            held.close();
        }
    }

    @Test
    void bodysOwnIoExceptionPassesUnchangedEvenWhenUndeclared() throws Exception {
        IOException own = new IOException("body's own, thrown sneakily");
        Method method = Service.class.getDeclaredMethod("undeclaredRetry", Path.class);
        int[] attempts = {0};

        assertThatThrownBy(() -> AnnotatedMethod.of(method).invoke(new Service(), new Object[] {dir.resolve("a")},
                args -> {
                    attempts[0]++;
                    throw own;
                }))
                .isSameAs(own);
        assertThat(attempts[0]).isEqualTo(3);
    }

    @Test
    void atomicWriteHandsTheBodyATempAndReplacesTheTarget() throws Throwable {
        Path file = dir.resolve("a.json");
        Files.writeString(file, "old");
        Service service = new Service();

        call(service, "write", file);

        assertThat(file).hasContent("new");
        assertThat(service.received).singleElement().isNotEqualTo(file)
                .satisfies(temp -> assertThat(Files.exists((Path) temp)).isFalse());
    }

    @Test
    void killSwitchAfterReloadPassesTheRealTarget() throws Throwable {
        Path file = dir.resolve("a.json");
        Service service = new Service();
        System.setProperty("resilientio.enabled", "false");
        ResilientIoConfig.reload();

        call(service, "write", file);

        assertThat(service.received).containsExactly(file);
        assertThat(file).hasContent("new");
    }

    @Test
    void misuseFailsEveryCallAndNeverRunsTheBody() {
        Service service = new Service();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> call(service, "misused", "text"))
                    .isInstanceOf(ResilientIoConfigException.class)
                    .hasMessageContaining(Service.class.getName() + ".misused(String)");
        }
        assertThat(service.received).isEmpty();
    }

    @Test
    void badAttributeValueNamesTheClassAndMethod() {
        Service service = new Service();

        assertThatThrownBy(() -> call(service, "badAttribute", dir.resolve("a.json")))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith(Service.class.getName() + ".badAttribute(Path): ")
                .hasMessageContaining("maxAttempts");
        assertThat(service.received).isEmpty();
    }

    @Test
    void operationNameIsSimpleClassNameAndMethod() throws Exception {
        assertThat(AnnotatedMethod.of(Service.class.getDeclaredMethod("write", Path.class)).operation())
                .isEqualTo("Service.write");
    }
}
