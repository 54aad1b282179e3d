package dev.resilientio.kotlin

import dev.resilientio.core.FileRetry
import dev.resilientio.core.RetrySettings
import dev.resilientio.core.ThrowingSupplier
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.runInterruptible

/**
 * A retrying operation of one attempt. Blocking work run inside it counts as "inside a retrying
 * operation" for the engine, so the retries of core calls made within a [retryFileOperation] run
 * once, as the nested-call rule wants, instead of multiplying the coroutine's budget.
 */
private val ONE_ATTEMPT: FileRetry = FileRetry.of("retryFileOperation", RetrySettings.builder().maxAttempts(1).build())

/** Runs blocking [work] on this thread, marked as inside a retrying operation when [nested]. */
internal fun <T> markedNested(nested: Boolean, work: () -> T): T =
    if (nested) ONE_ATTEMPT.call<T, Throwable>(null, ThrowingSupplier { work() }) else work()

/**
 * Runs a blocking engine call on [Dispatchers.IO]; cancellation interrupts it. Only calls that
 * leave nothing half-done go through here: reads, and atomic writes, whose temp file replaces the
 * target in one rename (an interrupted write leaves the old file, or the new one if the interrupt
 * came after the rename, never a mix). Waits for a lock are interrupted as in [withFileLock], which
 * says why that is safe. An engine exception caused by the interrupt (such as
 * `InterruptedIOException`) becomes the coroutine's cancellation.
 */
internal suspend fun <T> blockingIo(work: () -> T): T {
    val nested = currentCoroutineContext()[RetryingOperation] != null
    try {
        return runInterruptible(Dispatchers.IO) { markedNested(nested, work) }
    } catch (failure: Throwable) {
        currentCoroutineContext().ensureActive()
        throw failure
    }
}
