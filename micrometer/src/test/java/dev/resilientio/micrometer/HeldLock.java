package dev.resilientio.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.ResilientFiles;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A file's lock held through the engine ({@code ResilientFiles.withLock}) by another thread of the test
 * until {@link #release()}: the contention a waiting call meets in production.
 */
final class HeldLock implements AutoCloseable {

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> holding;

    private HeldLock(Path file, LockMode mode) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        holding = thread.submit(() -> ResilientFiles.withLock(file, mode, () -> {
            held.countDown();
            try {
                return released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while holding the lock of " + file);
            }
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the other thread holds the lock of %s", file).isTrue();
    }

    /**
     * Takes a file's lock on another thread and returns once it is held.
     *
     * @param file the file
     * @param mode shared or exclusive
     * @return the held lock; close it to release it
     * @throws InterruptedException when interrupted while waiting for it
     */
    static HeldLock hold(Path file, LockMode mode) throws InterruptedException {
        return new HeldLock(file, mode);
    }

    /** Lets the other thread release the lock; it may still hold it when this returns. */
    void release() {
        released.countDown();
    }

    /** Releases the lock and waits until the other thread's call has ended, failing the test if that call failed. */
    @Override
    public void close() throws ExecutionException, TimeoutException {
        release();
        try {
            holding.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the other thread released the lock", e);
        } finally {
            thread.shutdownNow();
        }
    }
}
