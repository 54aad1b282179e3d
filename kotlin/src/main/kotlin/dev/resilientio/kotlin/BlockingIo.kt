package dev.resilientio.kotlin

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.runInterruptible

/**
 * Runs a blocking engine call on [Dispatchers.IO]; cancellation interrupts it. Only calls that
 * leave nothing half-done go through here: reads, and atomic writes, whose temp file replaces the
 * target in one rename (an interrupted write leaves the old file, or the new one if the interrupt
 * came after the rename, never a mix). Waits for a lock are interrupted as in [withFileLock], which
 * says why that is safe. An engine exception caused by the interrupt (such as
 * `InterruptedIOException`) becomes the coroutine's cancellation. Inside a [retryFileOperation],
 * the IO thread is marked as retrying by [RetryingOperation], so the call's own retries run once.
 */
internal suspend fun <T> blockingIo(work: () -> T): T {
    try {
        return runInterruptible(Dispatchers.IO) { work() }
    } catch (failure: Throwable) {
        currentCoroutineContext().ensureActive()
        throw failure
    }
}
