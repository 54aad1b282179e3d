package dev.resilientio.core;

import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FileRetryInterruptionTest {

    private static final Path TARGET = Path.of("/data/tasks.json");
    private static final RetrySettings FIVE_ATTEMPTS = RetrySettings.builder().maxAttempts(5).jitter(0.0)
            .classifier(TransientIoClassifier.forOs(false)).build();

    private final AtomicInteger attempts = new AtomicInteger();
    private final List<IOException> failures = new ArrayList<>();

    @AfterEach
    void clearInterruptFlag() {
        // Leaves the JUnit worker thread clean for the next test whatever this one did.
        Thread.interrupted();
    }

    private IoSupplier<String> alwaysBusy() {
        return () -> {
            IOException failure = new IOException("Resource temporarily unavailable (attempt "
                    + attempts.incrementAndGet() + ")");
            failures.add(failure);
            throw failure;
        };
    }

    /** Records the waits asked for, and is interrupted on the {@code n}-th one. */
    private static final class InterruptedOnSleep implements TestTime.Sleeper {
        private final int interruptedOn;
        private final List<Duration> requested = new ArrayList<>();

        InterruptedOnSleep(int interruptedOn) {
            this.interruptedOn = interruptedOn;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            requested.add(duration);
            if (requested.size() == interruptedOn) {
                throw new InterruptedException("shutdown");
            }
        }
    }

    @Test
    void interruptDuringTheFirstBackoffStopsAtOnceAndRethrowsTheLastFailure() {
        InterruptedOnSleep sleeper = new InterruptedOnSleep(1);
        FileRetry retry = FileRetry.of("TaskStore.save", FIVE_ATTEMPTS, TestTime.of(sleeper, FixedRandom.returning(0.0)));

        Throwable thrown = catchThrowable(() -> retry.call(TARGET, alwaysBusy()));
        boolean interruptedAfterwards = Thread.currentThread().isInterrupted();

        assertThat(attempts).hasValue(1);
        assertThat(thrown).isSameAs(failures.get(0));
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(interruptedAfterwards).isTrue();
        assertThat(sleeper.requested).hasSize(1);
    }

    @Test
    void interruptDuringALaterBackoffKeepsTheEarlierFailuresSuppressed() {
        InterruptedOnSleep sleeper = new InterruptedOnSleep(2);
        FileRetry retry = FileRetry.of("TaskStore.save", FIVE_ATTEMPTS, TestTime.of(sleeper, FixedRandom.returning(0.0)));

        Throwable thrown = catchThrowable(() -> retry.call(TARGET, alwaysBusy()));
        boolean interruptedAfterwards = Thread.currentThread().isInterrupted();

        assertThat(attempts).hasValue(2);
        assertThat(thrown).isSameAs(failures.get(1));
        assertThat(thrown.getSuppressed()).containsExactly(failures.get(0));
        assertThat(interruptedAfterwards).isTrue();
    }

    @Test
    void alreadyInterruptedThreadNeitherSleepsNorRetries() {
        RecordingSleeper sleeper = new RecordingSleeper();
        FileRetry retry = FileRetry.of("TaskStore.save", FIVE_ATTEMPTS, TestTime.of(sleeper, FixedRandom.returning(0.0)));
        Thread.currentThread().interrupt();

        Throwable thrown = catchThrowable(() -> retry.call(TARGET, alwaysBusy()));
        boolean interruptedAfterwards = Thread.currentThread().isInterrupted();

        assertThat(attempts).hasValue(1);
        assertThat(thrown).isSameAs(failures.get(0));
        assertThat(sleeper.requested()).isEmpty();
        assertThat(interruptedAfterwards).isTrue();
    }

    @Test
    void interruptedRetryLeavesNoRetryingStateBehind() {
        FileRetry retry = FileRetry.of("TaskStore.save", FIVE_ATTEMPTS, TestTime.of(new InterruptedOnSleep(1), FixedRandom.returning(0.0)));

        catchThrowable(() -> retry.call(TARGET, alwaysBusy()));

        assertThat(FileRetry.isRetrying()).isFalse();
    }
}
