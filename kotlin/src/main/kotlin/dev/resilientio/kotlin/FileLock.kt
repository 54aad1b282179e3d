package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.EngineTime
import dev.resilientio.core.FileLockTimeoutException
import dev.resilientio.core.config.ResilientIoConfig
import dev.resilientio.core.config.SettingOverrides
import dev.resilientio.core.internal.ResolvedTarget
import dev.resilientio.core.lock.FileLockHandle
import dev.resilientio.core.lock.FileLocks
import java.io.InterruptedIOException
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Runs [block] holding a lock on [file], as `@FileLocked` does for a method: it excludes other
 * threads and coroutines of this JVM and other processes, through the sidecar `<name>.lock`.
 *
 * [block] is not a suspend function, and runs on a thread of [Dispatchers.IO]: the engine's locks
 * belong to the thread that took them (re-entrant for it, released only by it), so the whole hold
 * (acquire, block, release) stays on one thread, which a suspension could leave. Blocking engine
 * calls in [block] on the same file re-enter the lock.
 *
 * Cancellation while waiting for the lock ends the wait at once and takes nothing; once [block]
 * has started, it runs to its end, never interrupted, since it may be changing files in place.
 * The lock is released on every exit. Unlike the annotations, the lock is kept with
 * `RESILIENT_IO_ENABLED=false`, as for [dev.resilientio.core.ResilientFiles.withLock].
 *
 * @param file the file to lock
 * @param mode [LockMode.SHARED] for readers, [LockMode.EXCLUSIVE] (the default) for writers
 * @param timeout how long to wait for the lock; `null` takes the lock timeout from configuration,
 *     for the enclosing [retryFileOperation]'s operation name when there is one; never past that
 *     operation's deadline
 * @param block the work
 * @return the block's result
 * @throws FileLockTimeoutException when the lock is not granted within the timeout
 * @throws IllegalArgumentException when the timeout is negative
 */
public suspend fun <T> withFileLock(
    file: Path,
    mode: LockMode = LockMode.EXCLUSIVE,
    timeout: Duration? = null,
    block: () -> T,
): T {
    require(timeout == null || !timeout.isNegative()) { "timeout=$timeout is not allowed: expected a duration >= 0" }
    val operation = currentCoroutineContext()[RetryingOperation]
    val configured = timeout?.toJavaDuration()
        ?: ResilientIoConfig.global().operation(operation?.name, SettingOverrides.NONE).lockTimeout()
    val wait = operation?.boundedWait(configured) ?: configured
    return withContext(Dispatchers.IO) {
        acquireCancellably(file, mode, wait, operation?.name).use {
            ensureActive()
            block()
        }
    }
}

/**
 * Waits for the lock on this thread, interrupted when the coroutine is cancelled, but only while it
 * waits. Why that is safe: every holder of a lock file in this JVM shares one channel on it, and
 * closing that channel (which an interrupt during an interruptible channel operation does) would
 * drop the OS lock under all of them; but while [FileLocks.acquire] waits, it touches the channel
 * only through calls the JDK does not make interruptible (open, tryLock) and waits in interruptible
 * locks and sleeps, so an interrupt ends the wait with an [InterruptedIOException], releasing all
 * it took, and never reaches the channel.
 */
private fun CoroutineScope.acquireCancellably(
    file: Path,
    mode: LockMode,
    timeout: java.time.Duration,
    operation: String?,
): FileLockHandle {
    val waiter = WaitInterrupter(Thread.currentThread())
    val watcher = launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            awaitCancellation()
        } finally {
            waiter.interruptIfWaiting()
        }
    }
    try {
        return FileLocks.acquire(ResolvedTarget.of(file), mode, timeout, EngineTime.current(), operation)
    } catch (interrupted: InterruptedIOException) {
        waiter.stop()
        ensureActive()
        throw interrupted
    } finally {
        waiter.stop()
        watcher.cancel()
    }
}

/** Interrupts one waiting thread on request, until the waiter says it no longer waits. */
private class WaitInterrupter(private val waiter: Thread) {

    private var waiting = true

    fun interruptIfWaiting() {
        synchronized(this) {
            if (waiting) {
                waiter.interrupt()
            }
        }
    }

    /** Called by the waiter: no interrupt comes after this, and one that came too late is cleared. */
    fun stop() {
        synchronized(this) {
            waiting = false
        }
        Thread.interrupted()
    }
}
