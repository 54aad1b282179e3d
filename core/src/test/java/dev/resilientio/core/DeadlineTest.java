package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The per-call deadline of the plain API and the lock waits on virtual time: nothing here waits for real. */
class DeadlineTest {

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @TempDir
    Path dir;

    private final RecordingSleeper backoffs = new RecordingSleeper();
    private final TestTime time = TestTime.virtual(backoffs);
    private final EngineTime.Installed installed = EngineTime.install(time);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void restore() throws InterruptedException {
        installed.close();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static ResilientIoConfig config(Map<String, String> properties) {
        return ResilientIoConfig.from(Map.of(), properties);
    }

    @Test
    void aRetryStopsBeforeAWaitThatWouldEndPastTheDeadline() {
        FileRetry retry = FileRetry.of("Store.load", dev.resilientio.core.retry.RetrySettings.builder().maxAttempts(10)
                .initialDelay(Duration.ofSeconds(1)).multiplier(1.0).jitter(0.0).build());
        IOException[] failures = {new IOException("busy 1"), new IOException("busy 2"), new IOException("busy 3"),
            new IOException("never reached")};
        AtomicInteger attempts = new AtomicInteger();
        long deadline = time.nanoTime() + Duration.ofMillis(2500).toNanos();

        Throwable thrown = catchThrowable(() -> retry.call(dir, deadline, time, () -> {
            throw failures[attempts.getAndIncrement()];
        }));

        assertThat(thrown).as("the last failure, unchanged").isSameAs(failures[2]);
        assertThat(thrown.getSuppressed()).containsExactly(failures[0], failures[1]);
        assertThat(attempts).as("attempts at 0s, 1s and 2s; a third wait would end at 3s").hasValue(3);
        assertThat(backoffs.requested()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(retryLog.warnings()).last().asString().contains("Store.load failed on attempt 3/10")
                .contains("a wait of 1s would end past the call's deadline");
    }

    @Test
    void writesRetryWithinTheDeadlineAndTheWarnSaysWhyTheyStopped() throws Exception {
        Path file = dir.resolve("held.txt");
        FileOperation write = FileOperation.named("Store.save", config(Map.of(
                "resilientio.Store.save.retry.max-attempts", "10",
                "resilientio.Store.save.retry.initial-delay", "1s",
                "resilientio.Store.save.retry.multiplier", "1",
                "resilientio.Store.save.retry.jitter", "0",
                "resilientio.Store.save.lock.timeout", "400ms",
                "resilientio.Store.save.retry.max-duration", "2s")));
        Future<?> holder = holdLock(file);

        Throwable thrown = catchThrowable(() -> write.write(file, "late".getBytes(StandardCharsets.UTF_8)));
        holder.cancel(true);

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class);
        // 0-0.4s wait, 1s backoff, 1.4-1.8s wait; a second backoff would end at 2.8s, past 2s.
        assertThat(backoffs.requested()).containsExactly(Duration.ofSeconds(1));
        assertThat(retryLog.warnings()).last().asString().contains("Store.save failed on attempt 2/10")
                .contains("would end past the call's deadline");
        assertThat(file).doesNotExist();
    }

    @Test
    void aLockWaitEndsAtTheDeadlineOnVirtualTime() throws Exception {
        Path file = dir.resolve("held.txt");
        FileOperation write = FileOperation.named("Store.save", config(Map.of(
                "resilientio.Store.save.retry.max-attempts", "1",
                "resilientio.Store.save.lock.timeout", "1h",
                "resilientio.Store.save.retry.max-duration", "30s")));
        Future<?> holder = holdLock(file);
        long start = time.nanoTime();

        Throwable thrown = catchThrowable(() -> write.write(file, "late".getBytes(StandardCharsets.UTF_8)));
        holder.cancel(true);

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class);
        assertThat(((FileLockTimeoutException) thrown).waited()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
        assertThat(Duration.ofNanos(time.nanoTime() - start)).as("virtual time passed").isLessThan(Duration.ofSeconds(31));
    }

    @Test
    void aLockTimeoutPassesOnVirtualTimeWithoutWaiting() throws Exception {
        Path file = dir.resolve("held.txt");
        Future<?> holder = holdLock(file);

        Throwable thrown = catchThrowable(() -> FileLocks.acquire(dev.resilientio.core.internal.ResolvedTarget.of(file),
                LockMode.SHARED, Duration.ofMinutes(10), time).close());
        holder.cancel(true);

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("SHARED");
        assertThat(((FileLockTimeoutException) thrown).waited()).as("ten virtual minutes")
                .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusSeconds(1));
    }

    @Test
    void aCallInsideACallWithADeadlineWaitsNoLongerThanTheEnclosingDeadline() throws Exception {
        Path held = dir.resolve("held.txt");
        Path outerFile = Files.writeString(dir.resolve("outer.txt"), "outer");
        FileOperation outer = FileOperation.named("Outer.save", config(Map.of(
                "resilientio.Outer.save.retry.max-duration", "3s")));
        FileOperation inner = FileOperation.named("Inner.save", config(Map.of(
                "resilientio.Inner.save.retry.max-attempts", "1",
                "resilientio.Inner.save.lock.timeout", "1h")));
        Future<?> holder = holdLock(held);

        Throwable thrown = catchThrowable(() -> outer.atomicWrite(outerFile,
                temp -> inner.write(held, "late".getBytes(StandardCharsets.UTF_8))));
        holder.cancel(true);

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class)
                .hasMessageContaining("The call's deadline ended the wait before the lock timeout (1h)")
                .hasMessageContaining("RESILIENT_IO_RETRY_MAX_DURATION");
        assertThat(((FileLockTimeoutException) thrown).waited()).as("the enclosing call's 3s, not the inner 1h timeout")
                .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    /** Holds an exclusive lock on the file from a pool thread until cancelled. */
    private Future<?> holdLock(Path file) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> {
            FileLockHandle lock = FileLocks.acquire(dev.resilientio.core.internal.ResolvedTarget.of(file),
                    LockMode.EXCLUSIVE, Duration.ZERO, EngineTime.SYSTEM);
            try {
                held.countDown();
                new CountDownLatch(1).await();
            } finally {
                lock.close();
            }
            return null;
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the holder got the lock").isTrue();
        return holder;
    }
}
