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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A large attempt budget costs only what the attempts made use: nothing is sized by the budget up
 * front, and the last failure carries at most the first 32 earlier ones as suppressed, also when an
 * interrupt ends the backoff.
 */
class FileRetryLongBudgetTest {

    private static final Path TARGET = Path.of("/data/tasks.json");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger attempts = new AtomicInteger();

    private FileRetry retry(int maxAttempts) {
        RetrySettings settings = RetrySettings.builder()
                .maxAttempts(maxAttempts)
                .jitter(0.0)
                .classifier(TransientIoClassifier.forOs(false))
                .build();
        return FileRetry.of("TaskStore.save", settings, TestTime.of(sleeper, FixedRandom.returning(0.0)));
    }

    /** Fails with a transient error, numbered by attempt, for the first {@code failures} attempts. */
    private IoSupplier<String> failingTimes(int failures) {
        return () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                throw new IOException("Resource temporarily unavailable (attempt " + attempt + ")");
            }
            return "saved";
        };
    }

    @Test
    void unboundedBudgetRetriesFortyTransientFailuresThenReturns() throws IOException {
        String result;
        try {
            result = retry(Integer.MAX_VALUE).call(TARGET, failingTimes(40));
        } catch (OutOfMemoryError sizedByTheBudget) {
            // Caught so that it fails this test alone: JUnit rethrows it, which ends the whole test JVM.
            throw new AssertionError("The retry sized something by its attempt budget: " + sizedByTheBudget, sizedByTheBudget);
        }

        assertThat(result).isEqualTo("saved");
        assertThat(attempts).hasValue(41);
        assertThat(sleeper.requested()).hasSize(40);
    }

    @Test
    void exhaustedBudgetKeepsTheFirst32EarlierFailuresAsSuppressed() {
        IOException last = catchThrowableOfType(IOException.class,
                () -> retry(41).call(TARGET, failingTimes(Integer.MAX_VALUE)));

        assertThat(attempts).hasValue(41);
        assertThat(last).hasMessageContaining("(attempt 41)");
        assertThat(last.getSuppressed()).hasSize(32);
        assertThat(last.getSuppressed()[0]).hasMessageContaining("(attempt 1)");
        assertThat(last.getSuppressed()[31]).hasMessageContaining("(attempt 32)");
    }

    @Test
    void interruptedBackoffAfterManyFailuresKeepsTheFirst32Suppressed() {
        AtomicInteger sleeps = new AtomicInteger();
        RetrySettings settings = RetrySettings.builder()
                .maxAttempts(100)
                .jitter(0.0)
                .classifier(TransientIoClassifier.forOs(false))
                .build();
        // The 35th backoff is interrupted: its failure is then the one thrown, not a suppressed one.
        FileRetry retry = FileRetry.of("TaskStore.save", settings, TestTime.of((Duration delay) -> {
            if (sleeps.incrementAndGet() == 35) {
                throw new InterruptedException("stop");
            }
        }, FixedRandom.returning(0.0)));
        try {
            IOException last = catchThrowableOfType(IOException.class,
                    () -> retry.call(TARGET, failingTimes(Integer.MAX_VALUE)));

            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after the interrupted backoff").isTrue();
            assertThat(last).hasMessageContaining("(attempt 35)");
            assertThat(last.getSuppressed()).hasSize(32);
            assertThat(last.getSuppressed()[0]).hasMessageContaining("(attempt 1)");
            assertThat(last.getSuppressed()[31]).hasMessageContaining("(attempt 32)");
        } finally {
            Thread.interrupted();
        }
    }
}
