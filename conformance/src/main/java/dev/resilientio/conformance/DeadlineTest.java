package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.DeadlineFiles;
import dev.resilientio.core.FileLockTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code @RetryFileOperation(maxDuration)}: every attempt, backoff and lock wait of one call ends by its deadline. */
class DeadlineTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final DeadlineFiles files = new DeadlineFiles();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void noWaitExtendsPastTheDeadlineAndTheLastFailureIsRethrown() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        IOException first = new IOException("busy 1");
        IOException second = new IOException("busy 2");
        IOException third = new IOException("busy 3");
        files.failures.thenThrow(first, second, third, new IOException("never reached"));

        Throwable thrown = catchThrowable(() -> files.readWithinDeadline(file));

        assertThat(thrown).as("under %s", WeavingMode.name()).isSameAs(third);
        assertThat(thrown.getSuppressed()).containsExactly(first, second);
        assertThat(time.delays()).as("a third wait would end at 300ms, past the 250ms deadline")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(files.failures.attempts()).isEqualTo(3);
    }

    @Test
    void attemptsWithinTheDeadlineStillSucceed() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        files.failures.thenThrow(new IOException("busy 1"), new IOException("busy 2"));

        assertThat(files.readWithinDeadline(file)).as("under %s", WeavingMode.name()).isEqualTo("content");
        assertThat(files.failures.attempts()).isEqualTo(3);
    }

    @Test
    void aLockWaitEndsAtTheDeadlineRatherThanAtTheLockTimeout() throws Exception {
        Path file = dir.resolve("held.txt");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> {
            files.holdUntil(file, held, release);
            return null;
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        Throwable thrown;
        try {
            thrown = catchThrowable(() -> files.writeWithinDeadline(file, "late"));
        } finally {
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }

        assertThat(thrown).as("under %s", WeavingMode.name()).isInstanceOf(FileLockTimeoutException.class);
        assertThat(((FileLockTimeoutException) thrown).waited()).as("waited up to the deadline, not the 10s timeout")
                .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(file).doesNotExist();
    }
}
