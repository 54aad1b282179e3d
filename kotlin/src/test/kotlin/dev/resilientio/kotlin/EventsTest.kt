package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.events.CallCompleted
import dev.resilientio.core.events.LockAcquired
import dev.resilientio.core.events.LockTimedOut
import dev.resilientio.core.events.ResilientIoEvent
import dev.resilientio.core.events.ResilientIoEvents
import dev.resilientio.core.events.RetryScheduled
import dev.resilientio.core.seam.FaultSeam
import java.io.IOException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The coroutine helpers publish the events an annotated method's call does, and meet the test seam's faults. */
class EventsTest {

    @TempDir
    lateinit var dir: Path

    private val events = CopyOnWriteArrayList<ResilientIoEvent>()
    private lateinit var registration: ResilientIoEvents.Registration

    @BeforeEach
    fun listen() {
        registration = ResilientIoEvents.register { events += it }
    }

    @AfterEach
    fun stopListening() {
        registration.close()
    }

    @Test
    fun aRetriedCallPublishesItsRetriesAndItsOutcome() = runTest {
        val target = dir.resolve("tasks.json")
        var attempts = 0

        val result = retryFileOperation("TaskStore.load", target, maxAttempts = 3, initialDelay = 100.milliseconds,
            multiplier = 2.0, jitter = 0.0) {
            if (++attempts < 3) throw IOException("Resource busy")
            "loaded"
        }

        assertThat(result).isEqualTo("loaded")
        val retries = events.filterIsInstance<RetryScheduled>()
        assertThat(retries.map { it.attempt() to it.delay() })
            .containsExactly(1 to Duration.ofMillis(100), 2 to Duration.ofMillis(200))
        val completed = events.filterIsInstance<CallCompleted>().single()
        assertThat(completed.operation()).isEqualTo("TaskStore.load")
        assertThat(completed.target()).isEqualTo(target)
        assertThat(completed.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS_AFTER_RETRY)
        assertThat(completed.attempts()).isEqualTo(3)
        assertThat(events.last()).`as`("the call's outcome closes its events").isSameAs(completed)
    }

    @Test
    fun aFaultInjectedBeforeAnAttemptIsRetriedAndAPermanentOneIsNot() = runTest {
        val target = dir.resolve("tasks.json")
        var bodyRuns = 0
        var injected = 0
        val seam = FaultSeam { step, _, path ->
            if (step == FaultSeam.Step.ATTEMPT && path == target && injected++ < 2) throw IOException("Resource busy")
        }

        FaultSeam.install(seam).use {
            retryFileOperation("TaskStore.load", target, maxAttempts = 3, initialDelay = 1.milliseconds) { bodyRuns++ }
        }
        val missing = FaultSeam.install { step, _, _ ->
            if (step == FaultSeam.Step.ATTEMPT) throw NoSuchFileException(target.toString())
        }.use {
            runCatching { retryFileOperation("TaskStore.load", target, maxAttempts = 3) { bodyRuns++ } }
        }

        assertThat(bodyRuns).`as`("the body runs once, after two injected failures; never after a permanent one")
            .isEqualTo(1)
        assertThat(missing.exceptionOrNull()).isInstanceOf(NoSuchFileException::class.java)
        val outcomes = events.filterIsInstance<CallCompleted>().map { it.outcome() to it.attempts() }
        assertThat(outcomes).containsExactly(
            CallCompleted.Outcome.SUCCESS_AFTER_RETRY to 3,
            CallCompleted.Outcome.FAILED to 1,
        )
    }

    @Test
    fun aLockTakenInsideAnOperationIsNamedForIt() = runTest {
        val target = dir.resolve("tasks.json")
        Files.writeString(target, "[]")

        retryFileOperation("TaskStore.save", target) {
            withFileLock(target, LockMode.EXCLUSIVE) { Files.writeString(target, "[1]") }
        }

        val lock = events.filterIsInstance<LockAcquired>().single()
        assertThat(lock.operation()).isEqualTo("TaskStore.save")
        assertThat(lock.mode()).isEqualTo(LockMode.EXCLUSIVE)
        assertThat(lock.waited()).isGreaterThanOrEqualTo(Duration.ZERO)
    }

    @Test
    fun aLockTimeoutInjectedBeforeTheWaitEndsTheCall() = runTest {
        val target = dir.resolve("tasks.json")
        val timeout = FaultSeam.install { step, _, _ ->
            if (step == FaultSeam.Step.LOCK) {
                throw dev.resilientio.core.FileLockTimeoutException(target, Path.of("$target.lock"), LockMode.SHARED,
                    Duration.ZERO, "a test's fault")
            }
        }.use { runCatching { withFileLock(target, LockMode.SHARED) { "read" } } }

        assertThatThrownBy { timeout.getOrThrow() }.isInstanceOf(dev.resilientio.core.FileLockTimeoutException::class.java)
        val timedOut = events.filterIsInstance<LockTimedOut>().single()
        assertThat(timedOut.operation()).`as`("a lock outside an operation").isEqualTo("FileLocks.acquire")
        assertThat(timedOut.heldBy()).isEqualTo("a test's fault")
    }
}
