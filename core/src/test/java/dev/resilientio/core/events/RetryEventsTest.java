package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.CallCompleted.Outcome;
import dev.resilientio.core.events.RetriesExhausted.Reason;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry's events and the event that closes each call, from real calls on real files: through
 * the plain API's pipeline ({@link FileOperation}) and through an annotated method, both the retry
 * alone around the body and a retry with a lock. Virtual time: the delays are asserted exactly.
 */
class RetryEventsTest {

    @TempDir
    Path dir;

    private final RecordingSleeper backoffs = new RecordingSleeper();
    private final TestTime time = TestTime.virtual(backoffs);
    private EngineTime.Installed installed;
    private EventRecorder events;
    private Path file;

    @BeforeEach
    void observe() throws IOException {
        installed = EngineTime.install(time);
        events = EventRecorder.under(dir);
        file = Files.writeString(dir.resolve("tasks.json"), "[]");
    }

    @AfterEach
    void stop() {
        events.close();
        installed.close();
    }

    private static FileSystemException busy(Path file) {
        return new FileSystemException(file.toString(), null, "Device or resource busy");
    }

    private static FileOperation operation(String name, String... properties) {
        Map<String, String> values = new HashMap<>(Map.of(
                "resilientio.retry.max-attempts", "3",
                "resilientio.retry.initial-delay", "100ms",
                "resilientio.retry.multiplier", "2",
                "resilientio.retry.jitter", "0"));
        for (int i = 0; i < properties.length; i += 2) {
            values.put(properties[i], properties[i + 1]);
        }
        return FileOperation.named(name, ResilientIoConfig.from(Map.of(), values));
    }

    /**
     * Updates the file through the plain API's read-modify-write, whose serializer throws EBUSY on
     * its first {@code failures} calls: a failure of the call's body, as a full disk's would be.
     */
    private String update(FileOperation operation, int failures) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        return operation.update(file, stream -> new String(stream.readAllBytes(), StandardCharsets.UTF_8), "",
                value -> value + "!", value -> {
                    if (calls.incrementAndGet() <= failures) {
                        throw busy(file);
                    }
                    return value.getBytes(StandardCharsets.UTF_8);
                });
    }

    /** The retry gave up for {@code reason} after {@code attempts}, and the call ended with what the caller received. */
    private void assertGaveUp(Reason reason, int attempts, Throwable thrown) {
        assertThat(events.of(RetriesExhausted.class)).singleElement().satisfies(exhausted -> {
            assertThat(exhausted.reason()).isEqualTo(reason);
            assertThat(exhausted.attempts()).isEqualTo(attempts);
            assertThat(exhausted.failure()).isSameAs(thrown);
        });
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(done.attempts()).isEqualTo(attempts);
            assertThat(done.failure()).isSameAs(thrown);
        });
    }

    @Test
    void retriesBusyTwiceThenSucceedsWithOneEventPerBackoffThenTheCallsOutcome() throws IOException {
        String content = update(operation("Events.update"), 2);

        assertThat(content).isEqualTo("[]!");
        assertThat(file).hasContent("[]!");
        List<RetryScheduled> retries = events.of(RetryScheduled.class);
        assertThat(retries).extracting(RetryScheduled::attempt).containsExactly(1, 2);
        assertThat(retries).extracting(RetryScheduled::maxAttempts).containsExactly(3, 3);
        assertThat(retries).extracting(RetryScheduled::delay).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
                .isEqualTo(backoffs.requested());
        assertThat(retries).allSatisfy(retry -> {
            assertThat(retry.operation()).isEqualTo("Events.update");
            assertThat(retry.target()).isEqualTo(file);
            assertThat(retry.failure()).isInstanceOf(FileSystemException.class).hasMessageContaining("busy");
        });
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.SUCCESS_AFTER_RETRY);
            assertThat(done.attempts()).isEqualTo(3);
            assertThat(done.duration()).as("the backoffs on virtual time, nothing else").isEqualTo(Duration.ofMillis(300));
            assertThat(done.failure()).isNull();
            assertThat(done.operation()).isEqualTo("Events.update");
            assertThat(done.target()).isEqualTo(file);
        });
        assertThat(events.sequence()).as("each attempt's lock, the retries, the commit, the call's end last").containsExactly(
                "LockAcquired", "RetryScheduled", "LockAcquired", "RetryScheduled", "LockAcquired",
                "AtomicWriteCommitted", "CallCompleted");
        assertThat(events.of(RetriesExhausted.class)).isEmpty();
    }

    @Test
    void aFirstAttemptThatSucceedsIsASuccessOfOneAttempt() throws IOException {
        update(operation("Events.update"), 0);

        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(done.outcome().tag()).isEqualTo("success");
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.duration()).isEqualTo(Duration.ZERO);
        });
        assertThat(events.of(RetryScheduled.class)).isEmpty();
    }

    @Test
    void givesUpAfterThreeAttemptsWithTheFailureTheCallerReceives() {
        Throwable thrown = catchThrowable(() -> update(operation("Events.update"), Integer.MAX_VALUE));

        assertThat(thrown).isInstanceOf(FileSystemException.class);
        assertThat(events.of(RetryScheduled.class)).hasSize(2);
        assertGaveUp(Reason.ATTEMPTS_USED_UP, 3, thrown);
        assertThat(events.of(RetriesExhausted.class).get(0).target()).isEqualTo(file);
        assertThat(events.sequence()).endsWith("RetriesExhausted", "CallCompleted");
    }

    @Test
    void neverRetriesAMissingFileAndPublishesNoExhaustion() {
        NoSuchFileException missing = new NoSuchFileException(dir.resolve("missing.json").toString());

        Throwable thrown = catchThrowable(() -> operation("Events.update").update(file,
                stream -> new String(stream.readAllBytes(), StandardCharsets.UTF_8), "", value -> value, value -> {
                    throw missing;
                }));

        assertThat(thrown).isSameAs(missing);
        assertThat(events.of(RetryScheduled.class)).isEmpty();
        assertThat(events.of(RetriesExhausted.class)).as("a failure the settings do not retry").isEmpty();
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.failure()).isSameAs(thrown);
        });
    }

    @Test
    void givesUpWhenTheNextBackoffWouldEndPastTheDeadline() {
        FileOperation update = operation("Events.update", "resilientio.retry.max-attempts", "5",
                "resilientio.retry.max-duration", "250ms");

        Throwable thrown = catchThrowable(() -> update(update, Integer.MAX_VALUE));

        assertThat(backoffs.requested()).as("100ms waited; 200ms more would end at 300ms").containsExactly(Duration.ofMillis(100));
        assertGaveUp(Reason.DEADLINE, 2, thrown);
    }

    @Test
    @SuppressWarnings("try")
    void givesUpWhenTheBackoffIsInterrupted() {
        TestTime interrupting = TestTime.virtual(wait -> {
            throw new InterruptedException("test");
        });
        Throwable thrown;
        try (EngineTime.Installed ignored = EngineTime.install(interrupting)) {
            thrown = catchThrowable(() -> update(operation("Events.update"), Integer.MAX_VALUE));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is set again for the caller").isTrue();
        }

        // The wait before the second attempt was interrupted.
        assertGaveUp(Reason.INTERRUPTED, 1, thrown);
    }

    /** Annotated methods: the retry alone around the body, and a retry around a lock (the pipeline). */
    static class Store {
        final AtomicInteger runs = new AtomicInteger();
        int failures;
        /** The run that interrupts its own thread before it fails, or 0. */
        int interruptOnRun;

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        String load(Path file) throws IOException {
            int run = runs.incrementAndGet();
            if (run == interruptOnRun) {
                Thread.currentThread().interrupt();
            }
            if (run <= failures) {
                throw busy(file);
            }
            return Files.readString(file);
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        String loadUnchecked(Path file) {
            try {
                // Through the engine, as a woven call of another annotated method is.
                return (String) Woven.call(this, "load", file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Throwable unexpected) {
                throw new AssertionError(unexpected);
            }
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        @FileLocked
        String loadLocked(Path file) throws IOException {
            if (runs.incrementAndGet() <= failures) {
                throw busy(file);
            }
            return Files.readString(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"load", "loadLocked"})
    void anAnnotatedMethodReportsItsRetriesAndOutcomeWithItsRetryAloneOrAroundALock(String method) throws Throwable {
        Store store = new Store();
        store.failures = 2;

        Woven.call(store, method, file);

        String operation = "Store." + method;
        assertThat(events.of(RetryScheduled.class)).extracting(RetryScheduled::operation, RetryScheduled::delay)
                .containsExactly(tuple(operation, Duration.ofMillis(100)), tuple(operation, Duration.ofMillis(200)));
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.operation()).isEqualTo(operation);
            assertThat(done.target()).isEqualTo(file);
            assertThat(done.outcome()).isEqualTo(Outcome.SUCCESS_AFTER_RETRY);
            assertThat(done.attempts()).isEqualTo(3);
            assertThat(done.duration()).isEqualTo(Duration.ofMillis(300));
        });
        assertThat(events.sequence()).as("each attempt's lock first, if any").containsExactlyElementsOf(method.equals("load")
                ? List.of("RetryScheduled", "RetryScheduled", "CallCompleted")
                : List.of("LockAcquired", "RetryScheduled", "LockAcquired", "RetryScheduled", "LockAcquired", "CallCompleted"));
    }

    @Test
    void anAnnotatedRetryAloneCountsEachOutcome() throws Throwable {
        Store once = new Store();
        Woven.call(once, "load", file);
        Store exhausted = new Store();
        exhausted.failures = Integer.MAX_VALUE;
        Throwable thrown = catchThrowable(() -> Woven.call(exhausted, "load", file));

        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::outcome, CallCompleted::attempts)
                .containsExactly(tuple(Outcome.SUCCESS, 1),
                        tuple(Outcome.FAILED, 3));
        assertThat(events.of(CallCompleted.class).get(1).failure()).isSameAs(thrown);
        assertThat(events.of(RetriesExhausted.class)).singleElement().satisfies(end -> {
            assertThat(end.reason()).isEqualTo(Reason.ATTEMPTS_USED_UP);
            assertThat(end.attempts()).isEqualTo(3);
        });
    }

    @Test
    void aRetryingCallInterruptedDuringAnAttemptGivesUpAndSaysWhy() {
        Store store = new Store();
        store.failures = Integer.MAX_VALUE;
        store.interruptOnRun = 2;
        Throwable thrown;
        try {
            thrown = catchThrowable(() -> Woven.call(store, "load", file));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt stays set for the caller").isTrue();
        }

        assertThat(store.runs).as("no attempt after the interrupted one").hasValue(2);
        assertGaveUp(Reason.INTERRUPTED, 2, thrown);
    }

    @Test
    void aCallInsideARetryingCallRunsOnceAndHasItsOwnEvent() throws Throwable {
        Store store = new Store();
        store.failures = 1;

        Object loaded = Woven.call(store, "loadUnchecked", file);

        assertThat(loaded).isEqualTo("[]");
        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::operation, CallCompleted::outcome,
                CallCompleted::attempts).containsExactly(
                        tuple("Store.load", Outcome.FAILED, 1),
                        tuple("Store.load", Outcome.SUCCESS, 1),
                        tuple("Store.loadUnchecked", Outcome.SUCCESS_AFTER_RETRY, 2));
    }
}
