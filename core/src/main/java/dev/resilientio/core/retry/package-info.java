/**
 * Retry: which failures are transient ({@link dev.resilientio.core.retry.TransientIoClassifier}), how
 * long to wait ({@link dev.resilientio.core.retry.BackoffSchedule}), the decision after each failure,
 * deadline included ({@link dev.resilientio.core.retry.Attempts}), and the loop that waits on a thread
 * ({@link dev.resilientio.core.retry.FileRetry}); the Kotlin helpers wait by suspending instead.
 */
package dev.resilientio.core.retry;
