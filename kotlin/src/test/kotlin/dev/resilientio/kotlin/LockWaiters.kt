package dev.resilientio.kotlin

import dev.resilientio.core.lock.FileLocks
import java.time.Duration

/**
 * The threads of this JVM that wait for a file lock, so that a test cancels a waiter once it really
 * waits, rather than after a sleep that a slow machine may not cover.
 */
object LockWaiters {

    private val PROMPTLY: Duration = Duration.ofSeconds(5)

    /** The threads parked or sleeping inside [FileLocks.acquire] now: waiting for a lock someone else holds. */
    fun current(): Set<Thread> = Thread.getAllStackTraces()
        .filter { (thread, stack) -> waitsForALock(thread, stack) }
        .keys

    /**
     * Waits until a thread not in [before] waits for a lock, and returns it.
     *
     * @throws AssertionError when none does within 5 seconds
     */
    fun awaitNew(before: Set<Thread>): Thread {
        val deadline = System.nanoTime() + PROMPTLY.toNanos()
        while (true) {
            current().firstOrNull { it !in before }?.let { return it }
            if (System.nanoTime() > deadline) {
                throw AssertionError("no thread started waiting for a file lock within ${PROMPTLY.toMillis()}ms")
            }
            Thread.sleep(1)
        }
    }

    private fun waitsForALock(thread: Thread, stack: Array<StackTraceElement>): Boolean {
        val state = thread.state
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) &&
            stack.firstOrNull()?.methodName?.let { it == "park" || it.startsWith("sleep") } == true &&
            stack.any { it.className == FileLocks::class.java.name && it.methodName == "acquire" }
    }
}
