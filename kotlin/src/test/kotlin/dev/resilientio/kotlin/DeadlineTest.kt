package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.EngineTime
import dev.resilientio.core.FileLockTimeoutException
import dev.resilientio.core.retry.FileRetry
import dev.resilientio.core.testsupport.LogCapture
import dev.resilientio.core.testsupport.TestTime
import java.io.IOException
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.random.RandomGenerator
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir

/** `retryFileOperation(maxDuration)`: the engine's deadline rule with a suspending wait, in the test's virtual time. */
@OptIn(ExperimentalCoroutinesApi::class) // virtual time: currentTime
class DeadlineTest {

    @JvmField
    @RegisterExtension
    val retryLog: LogCapture = LogCapture.of(FileRetry::class.java)

    @TempDir
    lateinit var dir: Path

    /** The engine's clock is the test scheduler's, so that the deadline runs in the same virtual time as `delay`. */
    private fun TestScope.schedulerTime(): EngineTime = object : EngineTime() {
        override fun nanoTime(): Long = currentTime * 1_000_000
        override fun sleep(duration: Duration): Unit = throw AssertionError("a coroutine never blocks a thread to wait")
        override fun random(): RandomGenerator = RandomGenerator.getDefault()
    }

    @Test
    fun noSuspendingWaitExtendsPastTheDeadline() = runTest {
        val attemptTimes = mutableListOf<Long>()
        val failures = mutableListOf<IOException>()

        val thrown = EngineTime.install(schedulerTime()).use {
            runCatching {
                retryFileOperation(
                    "TaskStore.load", maxAttempts = 10, initialDelay = 100.milliseconds, multiplier = 1.0, jitter = 0.0,
                    maxDuration = 250.milliseconds,
                ) {
                    attemptTimes += currentTime
                    throw IOException("busy ${attemptTimes.size}").also { failures += it }
                }
            }.exceptionOrNull()
        }

        assertThat(thrown).isSameAs(failures.last())
        assertThat(attemptTimes).`as`("a third wait would end at 300ms, past the 250ms deadline").containsExactly(0L, 100L, 200L)
        assertThat(thrown!!.suppressed).containsExactly(failures[0], failures[1])
        assertThat(retryLog.warnings()).last().asString().contains("would end past the call's deadline")
    }

    @Test
    fun aLockWaitInsideEndsAtTheOperationsDeadline() = runTest {
        val file = dir.resolve("held.txt")
        val held = CountDownLatch(1)
        val release = CountDownLatch(1)
        val holder = thread {
            dev.resilientio.core.ResilientFiles.withLock(file, LockMode.EXCLUSIVE) {
                held.countDown()
                release.await()
            }
        }
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue()

        // Virtual lock pauses: the wait passes on the engine's clock without waiting for real.
        val thrown = try {
            EngineTime.install(TestTime.virtual { }).use {
                runCatching {
                    retryFileOperation("TaskStore.save", maxAttempts = 1, maxDuration = 200.milliseconds) {
                        withFileLock(file, timeout = 10.seconds) { "never" }
                    }
                }.exceptionOrNull()
            }
        } finally {
            release.countDown()
            holder.join(10_000)
        }

        assertThat(thrown).isInstanceOf(FileLockTimeoutException::class.java)
        assertThat((thrown as FileLockTimeoutException).waited()).`as`("the deadline, not the 10s timeout")
            .isBetween(Duration.ofMillis(200), Duration.ofMillis(205))
    }
}
