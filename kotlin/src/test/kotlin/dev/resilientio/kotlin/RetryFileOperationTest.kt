package dev.resilientio.kotlin

import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.retry.FileRetry
import dev.resilientio.core.retry.RetrySettings
import dev.resilientio.core.testsupport.FailingStreams
import dev.resilientio.core.testsupport.FixedRandom
import dev.resilientio.core.testsupport.LogCapture
import dev.resilientio.core.testsupport.RecordingSleeper
import dev.resilientio.core.testsupport.TestTime
import java.io.IOException
import java.nio.file.FileSystemException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir
import tools.jackson.core.exc.JacksonIOException
import tools.jackson.databind.json.JsonMapper

/** `retryFileOperation` in virtual time: the engine's schedule, classification, logs and nesting, with `delay`. */
@OptIn(ExperimentalCoroutinesApi::class) // virtual time: currentTime, advanceTimeBy
class RetryFileOperationTest {

    @JvmField
    @RegisterExtension
    val retryLog: LogCapture = LogCapture.of(FileRetry::class.java)

    @TempDir
    lateinit var dir: Path

    private val target = Path.of("/data/tasks.json")

    @Test
    fun retriesTransientFailureWithTheEngineScheduleAndLogLinesInVirtualTime() = runTest {
        val attemptTimes = mutableListOf<Long>()

        val result = retryFileOperation(
            "TaskStore.load", target, maxAttempts = 4, initialDelay = 100.milliseconds, maxDelay = 250.milliseconds,
            multiplier = 2.0, jitter = 0.0,
        ) {
            attemptTimes += currentTime
            if (attemptTimes.size < 4) throw IOException("Resource busy")
            "loaded"
        }
        val coroutineWarnings = retryLog.warnings()
        val sleeper = RecordingSleeper()
        val settings = RetrySettings.builder().maxAttempts(4).initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofMillis(250)).multiplier(2.0).jitter(0.0).build()
        val engineAttempts = AtomicInteger()
        FileRetry.of("TaskStore.load", settings, TestTime.of(sleeper, FixedRandom.returning(0.0))).call<String, IOException>(target) {
            if (engineAttempts.incrementAndGet() < 4) throw IOException("Resource busy")
            "loaded"
        }

        assertThat(result).isEqualTo("loaded")
        assertThat(attemptTimes).`as`("virtual time of each attempt").containsExactly(0L, 100L, 300L, 550L)
        assertThat(sleeper.requested()).`as`("the blocking engine's delays, the same schedule")
            .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250))
        assertThat(coroutineWarnings).hasSize(3)
            .first().isEqualTo(
                "TaskStore.load failed on attempt 1/4 on /data/tasks.json, retrying in 100ms: " +
                    "java.io.IOException: Resource busy",
            )
        assertThat(retryLog.warnings()).`as`("the blocking engine's lines after the coroutine's")
            .containsExactlyElementsOf(coroutineWarnings + coroutineWarnings)
    }

    @Test
    fun permanentErrorFailsAfterOneAttempt() = runTest {
        val attempts = AtomicInteger()
        val missing = NoSuchFileException("/data/tasks.json")

        val thrown = runCatching {
            retryFileOperation("TaskStore.load", target, jitter = 0.0) {
                attempts.incrementAndGet()
                throw missing
            }
        }.exceptionOrNull()

        assertThat(thrown).isSameAs(missing)
        assertThat(attempts).hasValue(1)
        assertThat(currentTime).isZero()
        assertThat(retryLog.warnings()).isEmpty()
    }

    @Test
    fun exhaustedAttemptsRethrowTheLastFailureWithTheEarlierOnesSuppressed() = runTest {
        val failures = mutableListOf<IOException>()

        val thrown = runCatching {
            retryFileOperation("TaskStore.save", target, maxAttempts = 3, jitter = 0.0) {
                val failure = IOException("Resource busy #${failures.size + 1}")
                failures += failure
                throw failure
            }
        }.exceptionOrNull()

        assertThat(failures).hasSize(3)
        assertThat(thrown).isSameAs(failures[2])
        assertThat(thrown!!.suppressed).containsExactly(failures[0], failures[1])
        assertThat(currentTime).isEqualTo(300L)
        assertThat(retryLog.warnings()).last().isEqualTo(
            "TaskStore.save failed on attempt 3/3 on /data/tasks.json, giving up: java.io.IOException: Resource busy #3",
        )
    }

    @Test
    fun retryOnAndAbortOnReplaceTheClassification() = runTest {
        val stateAttempts = AtomicInteger()
        val ioAttempts = AtomicInteger()

        val result = retryFileOperation("Parser.parse", retryOn = setOf(IllegalStateException::class), jitter = 0.0) {
            if (stateAttempts.incrementAndGet() < 3) throw IllegalStateException("not yet")
            "parsed"
        }
        val aborted = runCatching {
            retryFileOperation("Parser.read", abortOn = setOf(IOException::class), jitter = 0.0) {
                ioAttempts.incrementAndGet()
                throw IOException("Resource busy")
            }
        }.exceptionOrNull()

        assertThat(result).isEqualTo("parsed")
        assertThat(stateAttempts).`as`("attempts at a retryOn type").hasValue(3)
        assertThat(aborted).isInstanceOf(IOException::class.java)
        assertThat(ioAttempts).`as`("attempts at an abortOn type").hasValue(1)
    }

    @Test
    fun ioErrorThatJacksonWrapsIsRetriedByTheIoErrorInside() = runTest {
        val file = dir.resolve("tasks.json")
        val streams = FailingStreams().thenFail(busy(file), busy(file))
        val mapper = JsonMapper.builder().build()

        retryFileOperation("TaskStore.save", file, maxAttempts = 3, jitter = 0.0) {
            streams.over(Files.newOutputStream(file)).use { mapper.writeValue(it, listOf("water the plants")) }
        }

        assertThat(streams.made()).`as`("attempts").isEqualTo(3)
        assertThat(currentTime).`as`("virtual time of the two backoffs").isEqualTo(300L)
        assertThat(Files.readString(file)).isEqualTo("[\"water the plants\"]")
        assertThat(retryLog.warnings()).hasSize(2).allMatch { it.contains(JacksonIOException::class.java.name) }
    }

    /** What a busy device makes a write fail with; Jackson 3 wraps it in its unchecked JacksonIOException. */
    private fun busy(file: Path) = FileSystemException(file.toString(), null, "Device or resource busy")

    @Test
    fun cancellationDuringBackoffStopsRetryingAtOnce() = runTest {
        val attempts = AtomicInteger()
        val job = launch {
            retryFileOperation("TaskStore.save", target, maxAttempts = 5, initialDelay = 1.seconds, jitter = 0.0) {
                attempts.incrementAndGet()
                throw IOException("Resource busy")
            }
        }
        advanceTimeBy(500)
        runCurrent()

        job.cancel()
        advanceUntilIdle()

        assertThat(job.isCancelled).isTrue()
        assertThat(attempts).`as`("attempts after cancelling in the first backoff").hasValue(1)
        assertThat(currentTime).`as`("virtual time: the rest of the backoff was not waited").isEqualTo(500L)
        assertThat(retryLog.warnings()).hasSize(1)
    }

    @Test
    fun cancellationThrownByTheBlockIsNeverRetried() = runTest {
        val attempts = AtomicInteger()
        val cancelled = CancellationException("the caller gave up")

        val thrown = runCatching {
            retryFileOperation("TaskStore.save", retryOn = setOf(Throwable::class), jitter = 0.0) {
                attempts.incrementAndGet()
                throw cancelled
            }
        }.exceptionOrNull()

        assertThat(thrown).isSameAs(cancelled)
        assertThat(attempts).hasValue(1)
    }

    @Test
    fun nestedRetryRunsItsBlockOncePerOuterAttempt() = runTest {
        val innerRuns = AtomicInteger()

        val thrown = runCatching {
            retryFileOperation("TaskService.addTask", target, maxAttempts = 3, jitter = 0.0) {
                retryFileOperation("TaskStore.save", target, maxAttempts = 3, jitter = 0.0) {
                    innerRuns.incrementAndGet()
                    throw IOException("Resource busy")
                }
            }
        }.exceptionOrNull()

        assertThat(thrown).isInstanceOf(IOException::class.java)
        assertThat(innerRuns).hasValue(3)
        assertThat(retryLog.warnings()).allMatch { it.startsWith("TaskService.addTask failed") }
    }

    @Test
    fun engineRetriesInsideTheLockAndTheAtomicWriteRunOncePerAttempt() = runTest {
        val file = dir.resolve("tasks.json")
        val engine = FileRetry.of(
            "TaskStore.save", RetrySettings.builder().maxAttempts(3).jitter(0.0).build(),
            TestTime.of(RecordingSleeper(), FixedRandom.returning(0.0)),
        )
        val lockedRuns = AtomicInteger()
        val writeRuns = AtomicInteger()

        runCatching {
            retryFileOperation("TaskService.addTask", file, maxAttempts = 2, jitter = 0.0) {
                withFileLock(file) {
                    engine.call<Unit, IOException>(file) {
                        lockedRuns.incrementAndGet()
                        throw IOException("Resource busy")
                    }
                }
            }
        }
        runCatching {
            retryFileOperation("TaskService.addTask", file, maxAttempts = 2, jitter = 0.0) {
                atomicWrite(file) {
                    engine.call<Unit, IOException>(file) {
                        writeRuns.incrementAndGet()
                        throw IOException("Resource busy")
                    }
                }
            }
        }

        assertThat(lockedRuns).`as`("engine attempts inside withFileLock").hasValue(2)
        assertThat(writeRuns).`as`("engine attempts inside atomicWrite").hasValue(2)
    }

    @Test
    fun blockingEngineRetriesCalledDirectlyInTheBlockRunOncePerAttemptOnAnyThread() = runTest {
        val engine = FileRetry.of(
            "TaskStore.save", RetrySettings.builder().maxAttempts(3).jitter(0.0).build(),
            TestTime.of(RecordingSleeper(), FixedRandom.returning(0.0)),
        )
        val runs = AtomicInteger()

        runCatching {
            retryFileOperation("TaskService.addTask", target, maxAttempts = 2, jitter = 0.0) {
                withContext(Dispatchers.Default) {
                    engine.call<Unit, IOException>(target) {
                        runs.incrementAndGet()
                        throw IOException("Resource busy")
                    }
                }
            }
        }

        assertThat(runs).`as`("engine attempts made directly in the block").hasValue(2)
        assertThat(FileRetry.isRetrying()).`as`("the test thread is unmarked afterwards").isFalse()
    }

    @Test
    fun argumentOutOfRangeIsRejectedNamingIt() = runTest {
        val attempts = AtomicInteger()

        val thrown = runCatching {
            retryFileOperation("TaskStore.save", maxAttempts = 0) { attempts.incrementAndGet() }
        }.exceptionOrNull()

        assertThat(thrown).isInstanceOf(ResilientIoConfigException::class.java)
            .hasMessageContaining("retryFileOperation(maxAttempts)='0'")
            .hasMessageContaining("from 1 to 2147483647")
        assertThat(attempts).hasValue(0)
    }
}
