package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.internal.RetryHandoff;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast path of woven code, driven by hand as the inlined advice and the agent's prologue drive
 * it: {@code enterFast}, the body run once where it is, then {@code exitFast} or the attempts after
 * its failure; each outcome compared with the ordinary path's for the same body.
 */
class FastPathTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private static final Path FILE = Path.of("/data/fast.json");

    static class Service {
        final List<Object> received = new ArrayList<>();
        int failuresLeft;
        boolean retryingInBody;

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms", jitter = 0)
        String read(Path file) throws IOException {
            received.add(file);
            retryingInBody = FileRetry.isRetrying();
            if (failuresLeft-- > 0) {
                throw new IOException("Resource temporarily unavailable (" + received.size() + ")");
            }
            return "read " + file;
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms", jitter = 0)
        String undeclared(String name, Path file) {
            received.add(file);
            return "undeclared " + name;
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms", maxDuration = "10s")
        String withDeadline(Path file) {
            received.add(file);
            return "deadline";
        }

        @RetryFileOperation
        @FileLocked(timeout = "50ms")
        String locked(Path file) {
            received.add(file);
            return "locked";
        }

        @RetryFileOperation(maxAttempts = 0)
        String misused(Path file) {
            received.add(file);
            return "misused";
        }
    }

    @AfterEach
    void threadIsLeftOutsideAnyRetry() {
        assertThat(FileRetry.isRetrying()).as("every mark ended").isFalse();
    }

    private static Method method(String name) {
        for (Method m : Service.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    /** A method whose plan is resolved, as after its first call. */
    private static AnnotatedMethod resolved(String name) {
        AnnotatedMethod method = AnnotatedMethod.of(method(name));
        try {
            method.validate();
        } catch (RuntimeException misuse) {
            // Kept as the plan's message, thrown by every call.
        }
        return method;
    }

    /** One call as woven code makes it: the fast path when enterFast allows, else the ordinary path. */
    private static Object wovenCall(Service service, String name, Object... arguments) {
        AnnotatedMethod method = resolved(name);
        Object mark = method.enterFast(service, at(arguments, 0), at(arguments, 1), at(arguments, 2));
        if (mark == null) {
            return InlinedAdvice.invoke(method, null, service, at(arguments, 0), at(arguments, 1), at(arguments, 2));
        }
        Object result;
        try {
            result = body(service, name, arguments);
        } catch (Throwable first) {
            return InlinedAdvice.afterFirstFailure(method, mark, first, null, service, at(arguments, 0), at(arguments, 1),
                    at(arguments, 2));
        }
        AnnotatedMethod.exitFast(mark);
        return result;
    }

    private static Object at(Object[] arguments, int index) {
        return index < arguments.length ? arguments[index] : null;
    }

    private static Object body(Service service, String name, Object... arguments) throws Throwable {
        try {
            return method(name).invoke(service, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The ordinary path, as {@code ResilientIoAspect}'s own advice calls it. */
    private static Object ordinaryCall(Service service, String name, Object... arguments) throws Throwable {
        return AnnotatedMethod.of(method(name)).invoke(service, arguments, args -> body(service, name, args));
    }

    @Test
    void succeedingCallMarksTheThreadOnlyWhileItsBodyRuns() {
        Service service = new Service();
        AnnotatedMethod method = resolved("read");

        Object mark = method.enterFast(service, FILE, null, null);
        boolean retryingInside = FileRetry.isRetrying();
        AnnotatedMethod.exitFast(mark);

        assertThat(mark).as("the fast path is taken").isNotNull();
        assertThat(retryingInside).isTrue();
        assertThat(FileRetry.isRetrying()).isFalse();
        assertThat(wovenCall(service, "read", FILE)).isEqualTo("read " + FILE);
        assertThat(service.retryingInBody).isTrue();
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void failedFirstAttemptContinuesIntoTheRetryAsTheOrdinaryPathDoes() throws Throwable {
        Service fast = new Service();
        Service ordinary = new Service();
        fast.failuresLeft = 2;
        ordinary.failuresLeft = 2;

        Object fastResult = wovenCall(fast, "read", FILE);
        Object ordinaryResult = ordinaryCall(ordinary, "read", FILE);

        assertThat(fastResult).isEqualTo(ordinaryResult).isEqualTo("read " + FILE);
        assertThat(fast.received).hasSize(3).containsOnly(FILE);
        assertThat(fast.received).isEqualTo(ordinary.received);
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void exhaustedRetryThrowsTheLastFailureWithTheEarlierOnesSuppressedAsTheOrdinaryPathDoes() {
        Service fast = new Service();
        Service ordinary = new Service();
        fast.failuresLeft = 5;
        ordinary.failuresLeft = 5;

        Throwable fastFailure = catchThrowable(() -> wovenCall(fast, "read", FILE));
        Throwable ordinaryFailure = catchThrowable(() -> ordinaryCall(ordinary, "read", FILE));

        assertThat(fastFailure).isInstanceOf(IOException.class).hasMessage(ordinaryFailure.getMessage())
                .hasMessageContaining("(3)");
        assertThat(fastFailure.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactlyElementsOf(List.of(ordinaryFailure.getSuppressed()).stream()
                        .map(Throwable::getMessage).toList());
        assertThat(fastFailure.getSuppressed()).hasSize(2);
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    @SuppressWarnings("try")
    void engineFailureOfALaterAttemptReachesAnUndeclaringCallerUncheckedAsOnTheOrdinaryPath() {
        Service service = new Service();
        AnnotatedMethod method = resolved("undeclared");
        Object mark = method.enterFast(service, "name", FILE, null);
        assertThat(mark).isNotNull();
        IOException bodyFailure = new IOException("Resource temporarily unavailable");

        // A seam installed after the first attempt injects the engine's fault before each later one.
        try (FaultSeam.Installed seam = FaultSeam.install((step, operation, target) -> {
            throw new IOException("Resource temporarily unavailable (injected before an attempt on " + target + ")");
        })) {
            assertThatThrownBy(() -> InlinedAdvice.afterFirstFailure(method, mark, bodyFailure, null, service,
                    "name", FILE, null))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("injected before an attempt on " + FILE)
                    .satisfies(thrown -> assertThat(thrown.getCause().getSuppressed()).contains(bodyFailure));
        }
        assertThat(service.received).isEmpty();
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void bodysOwnFailureIsRethrownUnchangedEvenWhereTheMethodDoesNotDeclareIt() {
        Service service = new Service();
        AnnotatedMethod method = resolved("undeclared");
        Object mark = method.enterFast(service, "name", FILE, null);
        NoSuchFileException permanent = new NoSuchFileException(FILE.toString());

        assertThatThrownBy(() -> InlinedAdvice.afterFirstFailure(method, mark, permanent, null, service,
                "name", FILE, null))
                .isSameAs(permanent);
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void nullTargetFailsBeforeTheBodyAsOnTheOrdinaryPath() {
        Service service = new Service();
        AnnotatedMethod method = resolved("read");

        assertThatThrownBy(() -> method.enterFast(service, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null target file in parameter 1 (Path)");
        assertThatThrownBy(() -> ordinaryCall(service, "read", (Object) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null target file in parameter 1 (Path)");
        assertThat(service.received).isEmpty();
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void targetIsTheArgumentOfTheTargetParameter() {
        Service service = new Service();
        AnnotatedMethod method = resolved("undeclared");

        Object mark = method.enterFast(service, "name", FILE, null);
        AnnotatedMethod.exitFast(mark);

        assertThat(mark).isNotNull();
        assertThatThrownBy(() -> method.enterFast(service, FILE, null, null))
                .as("the argument at the target's position is the one checked")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 2");
        assertThat(method.enterFast(service, 0, "name")).as("the agent naming another parameter").isNull();
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    @SuppressWarnings("try")
    void anyOtherCallTakesTheOrdinaryPath() throws Exception {
        Service service = new Service();

        assertThat(resolved("withDeadline").enterFast(service, FILE, null, null)).as("a deadline").isNull();
        assertThat(resolved("locked").enterFast(service, FILE, null, null)).as("a lock").isNull();
        assertThat(resolved("misused").enterFast(service, FILE, null, null)).as("a misuse").isNull();
        assertThatThrownBy(() -> wovenCall(service, "misused", FILE)).hasMessageContaining("maxAttempts");
        try (ResilientIoEvents.Registration listener = ResilientIoEvents.register(event -> { })) {
            assertThat(resolved("read").enterFast(service, FILE, null, null)).as("a listener").isNull();
        }
        try (FaultSeam.Installed seam = FaultSeam.install((step, operation, target) -> { })) {
            assertThat(resolved("read").enterFast(service, FILE, null, null)).as("a seam").isNull();
        }
        try (FileRetry.RetryingMark outer = FileRetry.markRetrying()) {
            assertThat(resolved("read").enterFast(service, FILE, null, null)).as("inside a retry").isNull();
        }
        config.set("resilientio.enabled", "false");
        assertThat(resolved("read").enterFast(service, FILE, null, null)).as("disabled").isNull();
        assertThat(wovenCall(service, "read", FILE)).isEqualTo("read " + FILE);
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void reloadedConfigurationIsTakenUpByTheNextCall() {
        Service service = new Service();
        AnnotatedMethod method = AnnotatedMethod.of(method("read"));
        Object first = method.enterFast(service, FILE, null, null);
        AnnotatedMethod.exitFast(first);

        config.set("resilientio.enabled", "false");
        Object disabled = method.enterFast(service, FILE, null, null);
        service.failuresLeft = 1;
        Throwable failure = catchThrowable(() -> wovenCall(service, "read", FILE));
        int attemptsWhileDisabled = service.received.size();
        config.clear("resilientio.enabled");
        Object afterReload = method.enterFast(service, FILE, null, null);
        AnnotatedMethod.exitFast(afterReload);

        assertThat(first).as("the very first call resolves the plan and takes the fast path").isNotNull();
        assertThat(disabled).isNull();
        assertThat(failure).isInstanceOf(IOException.class);
        assertThat(attemptsWhileDisabled).as("the body as it is, once").isEqualTo(1);
        assertThat(afterReload).as("the first call after a reload resolves the plan again").isNotNull();
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void contentHandedUpIsDiscardedWhenTheCallSucceedsAndKeptWhenItFails() {
        List<String> settled = new ArrayList<>();
        AnnotatedMethod method = resolved("read");
        Service service = new Service();

        Object mark = method.enterFast(service, FILE, null, null);
        boolean owned = RetryHandoff.hand("a", handed("a", settled));
        AnnotatedMethod.exitFast(mark);

        Object failing = method.enterFast(service, FILE, null, null);
        RetryHandoff.hand("b", handed("b", settled));
        NoSuchFileException permanent = new NoSuchFileException(FILE.toString());
        Throwable thrown = catchThrowable(() -> InlinedAdvice.afterFirstFailure(method, failing, permanent, null,
                service, FILE, null, null));

        assertThat(owned).as("the fast call owns the attempts").isTrue();
        assertThat(settled).containsExactly("a discarded", "b kept");
        assertThat(thrown).hasMessage("kept b").hasCause(permanent);
    }

    private static RetryHandoff.Handed handed(String name, List<String> settled) {
        return new RetryHandoff.Handed() {
            @Override
            public Throwable keep(Throwable failure) {
                settled.add(name + " kept");
                return new IOException("kept " + name, failure);
            }

            @Override
            public void discard() {
                settled.add(name + " discarded");
            }
        };
    }

    private static Throwable catchThrowable(ThrowingRunnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("the call returned");
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }
}
