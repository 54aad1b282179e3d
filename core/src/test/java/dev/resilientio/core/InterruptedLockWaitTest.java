package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.RunningChild;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it polls for an OS lock that another process holds gives up its place:
 * it gets an {@link InterruptedIOException} with its flag still set, and the threads of this JVM
 * that queued behind it get the lock once the other process lets go.
 */
class InterruptedLockWaitTest {

    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /** Longer than the whole test: the interrupted waiter must stop because of the interrupt, not a timeout. */
    private static final Duration FOREVER = Duration.ofSeconds(60);
    /** The queued thread's own timeout; without the release it would end in a FileLockTimeoutException. */
    private static final Duration QUEUED_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private Path target;
    private int registryBefore;
    private RunningChild holder;

    @BeforeEach
    void otherProcessHoldsTheLock() throws Exception {
        target = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
        registryBefore = FileLocks.lockFilesInUse();
        holder = RunningChild.start(temp.resolve("holder.log"), HoldLockMain.class,
                target.toString(), LockMode.EXCLUSIVE.name(), String.valueOf(PROMPTLY.toMillis()));
        holder.expectLine("WAITING", CHILD_STARTUP);
        holder.expectLine("LOCKED", PROMPTLY);
    }

    @AfterEach
    void stopHolder() {
        holder.close();
    }

    @Test
    void interruptedPollerThrowsKeepsItsFlagAndLetsTheQueuedThreadTakeTheLock() throws Exception {
        AtomicReference<Throwable> pollerFailure = new AtomicReference<>();
        AtomicBoolean pollerFlag = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            try {
                FileLocks.acquire(target, LockMode.EXCLUSIVE, FOREVER).close();
            } catch (Throwable t) {
                pollerFailure.set(t);
                pollerFlag.set(Thread.currentThread().isInterrupted());
            }
        }, "poller");
        poller.start();
        awaitCondition("the poller sleeps between two tries of the OS lock", () -> isSleepingInPoll(poller));

        // The queued thread keeps the registry entry referenced, so the thread lock the poller took
        // survives the poller's exit unless the poller released it.
        CompletableFuture<LockMode> queuedGranted = new CompletableFuture<>();
        CountDownLatch queuedMayRelease = new CountDownLatch(1);
        Thread queuedThread = new Thread(() -> {
            try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, QUEUED_TIMEOUT)) {
                queuedGranted.complete(handle.mode());
                queuedMayRelease.await();
            } catch (Throwable t) {
                queuedGranted.completeExceptionally(t);
            }
        }, "queued");
        queuedThread.setDaemon(true);
        queuedThread.start();
        awaitCondition("the queued thread waits behind the poller", () -> isQueuedForTheThreadLock(queuedThread));

        poller.interrupt();
        poller.join(PROMPTLY.toMillis());

        assertThat(poller.isAlive()).as("poller still running after its interrupt").isFalse();
        assertThat(pollerFailure.get()).as("what the interrupted acquire threw")
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining(target.toString());
        assertThat(pollerFlag).as("the poller's interrupt flag after the acquire failed").isTrue();

        holder.send("RELEASE");
        holder.expectLine("RELEASED", PROMPTLY);
        try {
            assertThat(queuedGranted).as("the queued thread's acquire once the other process released")
                    .succeedsWithin(QUEUED_TIMEOUT.plusSeconds(5))
                    .isEqualTo(LockMode.EXCLUSIVE);
        } finally {
            queuedMayRelease.countDown();
        }
        queuedThread.join(PROMPTLY.toMillis());
        assertThat(queuedThread.isAlive()).as("queued thread still running after its release").isFalse();

        // Later acquires of this JVM still work once everybody has let go.
        try (FileLockHandle later = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(later.mode()).isEqualTo(LockMode.EXCLUSIVE);
        }
        assertThat(FileLocks.lockFilesInUse()).as("lock files in the registry").isEqualTo(registryBefore);
    }

    /** Polling: it holds the thread lock and the OS-lock mutex, and waits in the backoff between two tries. */
    private static boolean isSleepingInPoll(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return thread.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals("java.lang.Thread")
                        && frame.getMethodName().startsWith("sleep"))
                && Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("acquireOsLock"));
    }

    private static boolean isQueuedForTheThreadLock(Thread thread) {
        return thread.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().endsWith("ReentrantReadWriteLock$WriteLock"));
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + PROMPTLY.toMillis() + "ms: " + what);
            }
            Thread.sleep(5);
        }
    }
}
