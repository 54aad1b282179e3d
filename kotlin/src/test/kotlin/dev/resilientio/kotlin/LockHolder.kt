package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.lock.FileLocks
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Holds a file lock on a thread of its own until closed, as another part of the application
 * would: a lock belongs to the thread that took it, so a test cannot hold one on its own thread
 * and see it from another.
 */
class LockHolder private constructor(file: Path, mode: LockMode) : AutoCloseable {

    private val held = CompletableFuture<Unit>()
    private val release = CountDownLatch(1)
    private val thread = Thread({
        try {
            FileLocks.acquire(file, mode, PROMPTLY).use {
                held.complete(Unit)
                release.await()
            }
        } catch (failure: Throwable) {
            held.completeExceptionally(failure)
        }
    }, "lock holder")

    init {
        thread.start()
        held.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)
    }

    /** Releases the lock and waits for the holder thread to end. */
    override fun close() {
        release.countDown()
        thread.join(PROMPTLY.toMillis())
        check(!thread.isAlive) { "lock holder thread still running" }
    }

    companion object {
        private val PROMPTLY: Duration = Duration.ofSeconds(5)

        /** Starts a thread that takes the lock, and returns once it holds it. */
        fun hold(file: Path, mode: LockMode): LockHolder = LockHolder(file, mode)
    }
}
