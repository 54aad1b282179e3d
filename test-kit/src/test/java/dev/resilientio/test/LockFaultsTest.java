package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock waits that time out: injected, and against a real lock that another process holds. */
@ResilientIoTest
class LockFaultsTest {

    /** A user's ledger, woven by ajc in this module's build. */
    static class Ledger {
        @RetryFileOperation(maxAttempts = 2)
        @FileLocked(timeout = "300ms")
        String read(Path file) throws IOException {
            return Files.readString(file);
        }

        @FileLocked(mode = LockMode.SHARED, timeout = "300ms")
        String readShared(Path file) throws IOException {
            return Files.readString(file);
        }
    }

    private final Ledger ledger = new Ledger();
    private Path file;

    @BeforeAll
    static void woven() {
        ResilientIoAssertions.assertWoven(Ledger.class);
    }

    @BeforeEach
    void ledger(@TempDir Path dir) throws IOException {
        file = Files.writeString(dir.resolve("ledger.csv"), "42");
    }

    @Test
    void anInjectedTimeoutIsRetriedAsARealOneAndSaysItWasInjected(FileFaults faults, VirtualTime time, RecordedEvents events)
            throws IOException {
        faults.timeOutNextLockWaits(file, 1);

        assertThat(ledger.read(file)).isEqualTo("42");

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
        assertThat(faults.injected()).singleElement().satisfies(injected -> assertThat(injected.fault())
                .isInstanceOf(FileLockTimeoutException.class)
                .hasMessageContaining("waiting for a lock on " + file)
                .hasMessageContaining("injected by FileFaults.timeOutNextLockWaits"));
        assertThat(events.ofType(LockTimedOut.class)).singleElement()
                .satisfies(timedOut -> assertThat(timedOut.mode()).isEqualTo(LockMode.EXCLUSIVE));
        assertThat(events.ofType(LockAcquired.class)).hasSize(1);
    }

    @Test
    @SuppressWarnings("try") // the holder acts by being open
    void aLockHeldByAnotherProcessTimesOutOnVirtualTime(VirtualTime time, RecordedEvents events) throws IOException {
        time.speedUpLockWaits(20);
        Throwable thrown;
        long realNanos;
        try (LockHolder other = LockHolder.holdInAnotherProcess(file, LockMode.EXCLUSIVE)) {
            assertThat(other.pid()).isNotEqualTo(ProcessHandle.current().pid());
            long start = System.nanoTime();
            thrown = catchThrowable(() -> ledger.read(file));
            realNanos = System.nanoTime() - start;
        }

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("held by another process");
        assertThat(events.ofType(LockTimedOut.class)).hasSize(2)
                .allSatisfy(timedOut -> assertThat(timedOut.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300)));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(realNanos)).as("two waits of 300 ms at 20 times real speed, not 600 ms")
                .isLessThan(Duration.ofMillis(450));
        assertThat(ledger.read(file)).as("free once the other process released it").isEqualTo("42");
    }

    @Test
    @SuppressWarnings("try") // the holder acts by being open
    void aSharedLockOfAnotherProcessLetsSharedReadersIn() throws IOException {
        try (LockHolder other = LockHolder.holdInAnotherProcess(file, LockMode.SHARED)) {
            assertThat(ledger.readShared(file)).isEqualTo("42");
            assertThat(catchThrowable(() -> ledger.read(file))).as("but not a writer")
                    .isInstanceOf(FileLockTimeoutException.class);
        }
    }

    @Test
    void aLockHeldByAThreadOfThisJvmIsWaitedForInRealTime(VirtualTime time, RecordedEvents events) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                FileLocks.withLock(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5), () -> {
                    held.countDown();
                    Thread.sleep(50);
                    return null;
                });
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the other thread holds the lock").isTrue();

        // With lock pauses that only moved the clock, the 300 ms timeout would pass before the holder's 50 ms.
        assertThat(ledger.readShared(file)).isEqualTo("42");
        holder.join();

        assertThat(events.ofType(LockAcquired.class)).last()
                .satisfies(acquired -> assertThat(acquired.waited()).as("on virtual time, at most the 50 ms held and some")
                        .isLessThan(Duration.ofMillis(300)));
        assertThat(time.sleeps()).isEmpty();
    }
}
