package dev.resilientio.core;

import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The outermost retrying operation owns the attempts; inner ones run once. */
class FileRetryNestingTest {

    private static final Path TARGET = Path.of("/data/tasks.json");
    private static final RetrySettings THREE_ATTEMPTS = RetrySettings.builder().maxAttempts(3).jitter(0.0)
            .classifier(TransientIoClassifier.forOs(false)).build();

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final FileRetry outer = FileRetry.of("TaskService.addTask", THREE_ATTEMPTS, TestTime.of(sleeper, FixedRandom.returning(0.0)));
    private final FileRetry inner = FileRetry.of("TaskStore.save", THREE_ATTEMPTS, TestTime.of(sleeper, FixedRandom.returning(0.0)));

    @Test
    void innerRetryRunsItsBodyOncePerOuterAttempt() {
        AtomicInteger innerBodyRuns = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> outer.call(TARGET, () -> inner.call(TARGET, () -> {
            innerBodyRuns.incrementAndGet();
            throw new IOException("Resource temporarily unavailable");
        })));

        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(innerBodyRuns).hasValue(3);
        assertThat(sleeper.requested()).hasSize(2);
    }

    @Test
    void threadMarkedAsRetryingRunsOperationsOnceUntilTheMarkIsClosed() {
        AtomicInteger runs = new AtomicInteger();
        IoSupplier<String> busy = () -> {
            runs.incrementAndGet();
            throw new IOException("Resource temporarily unavailable");
        };

        FileRetry.RetryingMark mark = FileRetry.markRetrying();
        assertThat(FileRetry.isRetrying()).isTrue();
        catchThrowable(() -> inner.call(TARGET, busy::get));
        mark.close();
        mark.close();
        int runsWhileMarked = runs.getAndSet(0);
        catchThrowable(() -> inner.call(TARGET, busy::get));

        assertThat(runsWhileMarked).isEqualTo(1);
        assertThat(runs).as("after the mark, closed twice").hasValue(3);
        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void innerFailureThatClearsUpIsRetriedByTheOuterOperation() throws IOException {
        AtomicInteger innerBodyRuns = new AtomicInteger();

        String result = outer.call(TARGET, () -> inner.call(TARGET, () -> {
            if (innerBodyRuns.incrementAndGet() < 3) {
                throw new IOException("Resource temporarily unavailable");
            }
            return "saved";
        }));

        assertThat(result).isEqualTo("saved");
        assertThat(innerBodyRuns).hasValue(3);
    }

    @Test
    void outerOperationWithOneAttemptStillOwnsTheBudget() {
        // An operator who sets the outer operation to one attempt has switched retries off for the whole call.
        FileRetry once = FileRetry.of("TaskService.addTask", RetrySettings.builder().maxAttempts(1).build(), TestTime.of(sleeper, FixedRandom.returning(0.0)));
        AtomicInteger innerBodyRuns = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> once.call(TARGET, () -> inner.call(TARGET, () -> {
            innerBodyRuns.incrementAndGet();
            throw new IOException("Resource temporarily unavailable");
        })));

        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(innerBodyRuns).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }

    @Test
    void isRetryingIsTrueOnlyInsideARetryingOperation() throws IOException {
        boolean before = FileRetry.isRetrying();

        boolean inside = outer.call(TARGET, FileRetry::isRetrying);
        boolean insideNested = outer.call(TARGET, () -> inner.call(TARGET, FileRetry::isRetrying));
        boolean after = FileRetry.isRetrying();

        assertThat(before).isFalse();
        assertThat(inside).isTrue();
        assertThat(insideNested).isTrue();
        assertThat(after).isFalse();
    }

    @Test
    void isRetryingIsFalseAgainAfterAFailedOperation() {
        catchThrowable(() -> outer.call(TARGET, () -> {
            throw new IOException("Resource temporarily unavailable");
        }));

        assertThat(FileRetry.isRetrying()).isFalse();
    }

    @Test
    void anotherThreadStartedInsideTheBodyRetriesOnItsOwn() throws IOException {
        AtomicInteger otherThreadRuns = new AtomicInteger();

        boolean otherThreadSawRetrying = outer.call(TARGET, () -> CompletableFuture.supplyAsync(() -> {
            boolean retrying = FileRetry.isRetrying();
            catchThrowable(() -> inner.call(TARGET, () -> {
                otherThreadRuns.incrementAndGet();
                throw new IOException("Resource temporarily unavailable");
            }));
            return retrying;
        }).join());

        assertThat(otherThreadSawRetrying).isFalse();
        assertThat(otherThreadRuns).hasValue(3);
    }
}
