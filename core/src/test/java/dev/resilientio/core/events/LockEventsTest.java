package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.events.CallCompleted.Outcome;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock's events from real waits: another thread of the test holds the lock. */
class LockEventsTest {

    @TempDir
    Path dir;

    private final ExecutorService holderThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "holder"));
    private EventRecorder events;
    private Path file;

    @BeforeEach
    void observe() {
        events = EventRecorder.under(dir);
        file = dir.resolve("tasks.json");
    }

    @AfterEach
    void stop() throws InterruptedException {
        events.close();
        holderThread.shutdownNow();
        assertThat(holderThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Takes the lock on the holder thread; it is released when {@code release} opens. */
    @SuppressWarnings("try")
    private Future<Void> hold(LockMode mode, CountDownLatch held, CountDownLatch release) {
        return holderThread.submit(() -> {
            try (FileLockHandle handle = FileLocks.acquire(file, mode, Duration.ofSeconds(5))) {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return null;
        });
    }

    static class Store {
        @FileLocked(timeout = "200ms")
        void save(Path file) {
            // Holds the lock only: the event is the wait.
        }
    }

    @Test
    @SuppressWarnings("try")
    void aFreeLockIsAcquiredWithoutAWait() throws IOException {
        try (EngineTime.Installed ignored = EngineTime.install(TestTime.virtual(new RecordingSleeper()))) {
            ResilientFiles.withLock(file, LockMode.SHARED, () -> "done");
        }

        assertThat(events.of(LockAcquired.class)).singleElement().satisfies(acquired -> {
            assertThat(acquired.operation()).isEqualTo("ResilientFiles.withLock");
            assertThat(acquired.target()).isEqualTo(file);
            assertThat(acquired.mode()).isEqualTo(LockMode.SHARED);
            assertThat(acquired.waited()).isEqualTo(Duration.ZERO);
        });
        assertThat(events.sequence()).containsExactly("LockAcquired", "CallCompleted");
    }

    @SuppressWarnings("try")
    @Test
    void aWaitForALockAnotherThreadHoldsIsMeasuredOnTheEnginesTime() throws Exception {
        // Real pauses that move the clock by exactly as much: the wait is real, its measure the engine's.
        TestTime time = TestTime.of(new RecordingSleeper(), FixedRandom.returning(0.0));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> holder = hold(LockMode.EXCLUSIVE, held, release);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long before;
        long after;
        try (EngineTime.Installed ignored = EngineTime.install(time)) {
            before = time.nanoTime();
            new Thread(() -> sleepThenOpen(release), "releaser").start();
            ResilientFiles.withLock(file, LockMode.EXCLUSIVE, () -> "done");
            after = time.nanoTime();
        }
        holder.get(10, TimeUnit.SECONDS);

        LockAcquired waiter = events.of(LockAcquired.class).stream()
                .filter(acquired -> acquired.operation().equals("ResilientFiles.withLock")).findFirst().orElseThrow();
        assertThat(waiter.mode()).isEqualTo(LockMode.EXCLUSIVE);
        assertThat(waiter.waited()).as("the pauses of the wait, all the clock moved")
                .isEqualTo(Duration.ofNanos(after - before))
                .isPositive();
        assertThat(events.of(LockAcquired.class)).extracting(LockAcquired::operation)
                .as("the holder's own lock, taken outside an operation, then the waiter's")
                .containsExactly("FileLocks.acquire", "ResilientFiles.withLock");
    }

    private static void sleepThenOpen(CountDownLatch release) {
        try {
            Thread.sleep(60);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release.countDown();
    }

    @SuppressWarnings("try")
    @Test
    void aWaitThatTimesOutReportsHowLongAndWhoHeldTheLock() throws Throwable {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> holder = hold(LockMode.EXCLUSIVE, held, release);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        Throwable thrown;
        try (EngineTime.Installed ignored = EngineTime.install(TestTime.virtual(new RecordingSleeper()))) {
            thrown = catchThrowable(() -> Woven.call(new Store(), "save", file));
        } finally {
            release.countDown();
        }
        holder.get(10, TimeUnit.SECONDS);

        assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(FileLockTimeoutException.class);
        FileLockTimeoutException timeout = (FileLockTimeoutException) thrown.getCause();
        assertThat(events.of(LockTimedOut.class)).singleElement().satisfies(timedOut -> {
            assertThat(timedOut.operation()).isEqualTo("Store.save");
            assertThat(timedOut.target()).isEqualTo(file);
            assertThat(timedOut.mode()).isEqualTo(LockMode.EXCLUSIVE);
            assertThat(timedOut.waited()).as("the whole timeout, on virtual time").isEqualTo(Duration.ofMillis(200))
                    .isEqualTo(timeout.waited());
            assertThat(timedOut.heldBy()).isEqualTo(timeout.heldBy()).isEqualTo("another thread of this JVM");
        });
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.failure()).as("the engine's failure, before it is wrapped for the caller").isSameAs(timeout);
        });
        assertThat(events.sequence()).containsExactly("LockAcquired", "LockTimedOut", "CallCompleted");
    }
}
