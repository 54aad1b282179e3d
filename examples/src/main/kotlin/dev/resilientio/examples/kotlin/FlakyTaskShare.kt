package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.RetryFileOperation
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/**
 * Task files on a share that misbehaves on purpose: the first [busyReads] reads meet a busy file, as
 * on a network file system under load. Counts the attempts, so that a caller can see the retries.
 */
class FlakyTaskShare(busyReads: Int, private val store: TaskStore = TaskStore()) {

    private val busyLeft = AtomicInteger(busyReads)
    private val attemptCount = AtomicInteger()

    /** Attempts made so far, by both functions. */
    val attempts: Int
        get() = attemptCount.get()

    /** Reads the tasks, failing with the transient `IOException("Resource busy")` while the share is busy. */
    @RetryFileOperation(maxAttempts = 5, initialDelay = "50ms", jitter = 0.0)
    fun readTasks(file: Path): List<Task> {
        attemptCount.incrementAndGet()
        if (busyLeft.getAndDecrement() > 0) {
            throw IOException("Resource busy")
        }
        return store.load(file)
    }

    /** Reads a file's bytes, busy as [readTasks] is; a missing file is a permanent error, which ends the retries. */
    @RetryFileOperation(maxAttempts = 5, initialDelay = "50ms", jitter = 0.0)
    fun readBytes(file: Path): ByteArray {
        attemptCount.incrementAndGet()
        if (busyLeft.getAndDecrement() > 0) {
            throw IOException("Resource busy")
        }
        return Files.readAllBytes(file)
    }
}
