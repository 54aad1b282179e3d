package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;

class FileRetryTest {

    private static final String OP = "TaskStore.save";
    private static final Path TARGET = Path.of("/data/tasks.json");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger attempts = new AtomicInteger();

    /** 3 attempts, 100ms doubling, no jitter, Linux rules. */
    private static RetrySettings.Builder settings() {
        return RetrySettings.builder().jitter(0.0).classifier(TransientIoClassifier.forOs(false));
    }

    private FileRetry retry(RetrySettings settings) {
        return FileRetry.of(OP, settings, TestTime.of(sleeper, FixedRandom.returning(0.0)));
    }

    private static IOException busy(int attempt) {
        return new IOException("Resource temporarily unavailable (attempt " + attempt + ")");
    }

    /** A body that fails with {@link #busy} for the first {@code failures} attempts, then returns "saved". */
    private IoSupplier<String> failingTimes(int failures) {
        return () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                throw busy(attempt);
            }
            return "saved";
        };
    }

    @Test
    void retriesTransientFailureThenReturnsTheValue() throws IOException {
        String result = retry(settings().build()).call(TARGET, failingTimes(2));

        assertThat(result).isEqualTo("saved");
        assertThat(attempts).hasValue(3);
        assertThat(sleeper.requested()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void sleepsForTheJitteredDelayDrawnFromTheInjectedRandom() throws IOException {
        RetrySettings settings = settings().maxAttempts(4).jitter(0.5).build();
        FileRetry retry = FileRetry.of(OP, settings, TestTime.of(sleeper, FixedRandom.returning(0.0, 0.5, 0.8)));

        retry.call(TARGET, failingTimes(3));

        // d × (1 − jitter × r): 100 × 1, 200 × 0.75, 400 × 0.6
        assertThat(sleeper.requested())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(240));
    }

    @Test
    void firstAttemptSuccessNeverSleeps() throws IOException {
        String result = retry(settings().build()).call(TARGET, failingTimes(0));

        assertThat(result).isEqualTo("saved");
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }

    @Test
    void permanentErrorFailsAfterOneAttempt() {
        NoSuchFileException missing = new NoSuchFileException(TARGET.toString());

        Throwable thrown = catchThrowable(() -> retry(settings().build()).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw missing;
        }));

        assertThat(thrown).isSameAs(missing);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }

    @Test
    void exhaustionRethrowsTheLastFailureUnchangedWithEarlierOnesSuppressedInOrder() {
        List<IOException> failures = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> retry(settings().build()).call(TARGET, () -> {
            IOException failure = busy(attempts.incrementAndGet());
            failures.add(failure);
            throw failure;
        }));

        assertThat(attempts).hasValue(3);
        assertThat(thrown).isSameAs(failures.get(2))
                .hasMessage("Resource temporarily unavailable (attempt 3)")
                .hasNoCause();
        assertThat(thrown.getSuppressed()).containsExactly(failures.get(0), failures.get(1));
        assertThat(sleeper.requested()).hasSize(2);
    }

    @Test
    void permanentFailureAfterARetryCarriesTheEarlierTransientOne() {
        IOException first = busy(1);
        NoSuchFileException second = new NoSuchFileException(TARGET.toString());

        Throwable thrown = catchThrowable(() -> retry(settings().build()).call(TARGET, () -> {
            throw attempts.incrementAndGet() == 1 ? first : second;
        }));

        assertThat(thrown).isSameAs(second);
        assertThat(thrown.getSuppressed()).containsExactly(first);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void sameExceptionInstanceThrownEveryTimeIsRethrownWithoutSuppressingItself() {
        IOException shared = busy(0);

        Throwable thrown = catchThrowable(() -> retry(settings().build()).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw shared;
        }));

        assertThat(thrown).isSameAs(shared);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void runtimeExceptionsAreNotRetried() {
        IllegalStateException bug = new IllegalStateException("task list is null");

        Throwable thrown = catchThrowable(() -> retry(settings().build()).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw bug;
        }));

        assertThat(thrown).isSameAs(bug);
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }

    @Test
    void retryOnLimitsRetriesToItsTypes() {
        RetrySettings onlyLockTimeouts = settings().retryOn(List.of(FileLockTimeoutException.class)).build();
        IOException busy = busy(1);

        Throwable thrown = catchThrowable(() -> retry(onlyLockTimeouts).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw busy;
        }));

        assertThat(thrown).isSameAs(busy);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retryOnCanMakeARuntimeExceptionRetryable() {
        RetrySettings settings = settings().retryOn(List.of(IllegalStateException.class)).build();

        String result = retry(settings).call(TARGET, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("index rebuilding");
            }
            return "saved";
        });

        assertThat(result).isEqualTo("saved");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void abortOnWinsOverRetryOn() {
        RetrySettings settings = settings().retryOn(List.of(IOException.class))
                .abortOn(List.of(FileSystemException.class)).build();
        FileSystemException busyEntry = new FileSystemException(TARGET.toString(), null, "Device or resource busy");

        Throwable thrown = catchThrowable(() -> retry(settings).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw busyEntry;
        }));

        assertThat(thrown).isSameAs(busyEntry);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void abortOnWinsOverTheClassifier() {
        RetrySettings settings = settings().abortOn(List.of(FileLockTimeoutException.class)).build();
        FileLockTimeoutException timeout = new FileLockTimeoutException(TARGET, Path.of("/data/tasks.json.lock"),
                LockMode.EXCLUSIVE, Duration.ofSeconds(1), "another process");

        Throwable thrown = catchThrowable(() -> retry(settings).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw timeout;
        }));

        assertThat(thrown).isSameAs(timeout);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void oneAttemptRunsTheBodyOnce() {
        IOException busy = busy(1);

        Throwable thrown = catchThrowable(() -> retry(settings().maxAttempts(1).build()).call(TARGET, () -> {
            attempts.incrementAndGet();
            throw busy;
        }));

        assertThat(thrown).isSameAs(busy);
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }

    /** A checked exception of the caller's own, not an IOException. */
    static final class TaskFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        TaskFormatException(String message) {
            super(message);
        }
    }

    @Test
    void checkedExceptionOfAnotherTypePassesThroughUnchanged() {
        TaskFormatException bad = new TaskFormatException("line 3: not a task");
        ThrowingSupplier<String, TaskFormatException> parse = () -> {
            attempts.incrementAndGet();
            throw bad;
        };

        TaskFormatException thrown = null;
        try {
            retry(settings().build()).call(TARGET, parse);
        } catch (TaskFormatException e) {
            // The generic X lets the caller catch its own checked type, with no wrapping.
            thrown = e;
        }

        assertThat(thrown).isSameAs(bad).hasMessage("line 3: not a task");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void checkedExceptionOfAnotherTypeIsRetriedWhenListedInRetryOn() throws TaskFormatException {
        RetrySettings settings = settings().retryOn(List.of(TaskFormatException.class)).build();

        String result = retry(settings).call(TARGET, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new TaskFormatException("half-written line");
            }
            return "parsed";
        });

        assertThat(result).isEqualTo("parsed");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void rejectsMissingCollaborators() {
        RetrySettings settings = settings().build();

        assertThatNullPointerException().isThrownBy(() -> FileRetry.of(OP, settings, TestTime.of(sleeper, null))).withMessage("random");
        assertThatNullPointerException()
                .isThrownBy(() -> FileRetry.of(OP, settings, TestTime.of(null, FixedRandom.returning(0.0)))).withMessage("sleeper");
        assertThatNullPointerException()
                .isThrownBy(() -> FileRetry.of(null, settings, TestTime.of(sleeper, FixedRandom.returning(0.0))))
                .withMessage("operation");
    }
}
