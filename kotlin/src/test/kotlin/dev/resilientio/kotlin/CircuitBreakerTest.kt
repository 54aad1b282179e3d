package dev.resilientio.kotlin

import dev.resilientio.core.EngineTime
import dev.resilientio.core.FileCircuitOpenException
import dev.resilientio.core.FileOperation
import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.breaker.BreakerRegistry
import dev.resilientio.core.testsupport.SystemConfig
import java.io.IOException
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import java.util.random.RandomGenerator
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInfo
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir

/**
 * `retryFileOperation(circuitBreaker)` on the test scheduler's virtual time, which is also the
 * engine's clock, so the breaker's open duration passes with `delay` and nothing waits for real.
 */
@OptIn(ExperimentalCoroutinesApi::class) // virtual time: currentTime, runCurrent
class CircuitBreakerTest {

    private companion object {
        val NAMES = AtomicInteger()
    }

    @JvmField
    @RegisterExtension
    val config: SystemConfig = SystemConfig()

    @TempDir
    lateinit var dir: Path

    private val target = Path.of("/srv/share/tasks.json")
    private val runs = AtomicInteger()
    private lateinit var breaker: String

    @BeforeEach
    fun name(test: TestInfo) {
        // One breaker per name per JVM: each test names its own.
        breaker = "kt-${test.testMethod.orElseThrow().name}-${NAMES.incrementAndGet()}"
    }

    /** The engine's clock is the test scheduler's, so that the breaker's state machine reads the same virtual time as `delay`. */
    private fun TestScope.schedulerTime(): EngineTime = object : EngineTime() {
        override fun nanoTime(): Long = currentTime * 1_000_000
        override fun sleep(duration: Duration): Unit = throw AssertionError("a coroutine never blocks a thread to wait")
        override fun random(): RandomGenerator = RandomGenerator.getDefault()
    }

    private fun breakerSetting(suffix: String, value: String) = config.set("resilientio.$breaker.circuit-breaker.$suffix", value)

    private fun state(): String = BreakerRegistry.shared().find(breaker).state()

    private suspend fun failOnce(operation: String = "Share.load") {
        val thrown = runCatching {
            retryFileOperation(operation, target, maxAttempts = 1, circuitBreaker = breaker) {
                runs.incrementAndGet()
                throw IOException("Stale file handle")
            }
        }.exceptionOrNull()
        assertThat(thrown).isInstanceOf(IOException::class.java)
    }

    private suspend fun succeed(): String = retryFileOperation("Share.load", target, maxAttempts = 1, circuitBreaker = breaker) {
        runs.incrementAndGet()
        "ok"
    }

    @Test
    fun theThresholdOpensItAndAnOpenBreakerEndsTheRetriesAtOnce() = runTest {
        breakerSetting("failure-threshold", "3")
        val stale = mutableListOf<IOException>()

        val thrown = EngineTime.install(schedulerTime()).use {
            runCatching {
                retryFileOperation(
                    "Share.load", target, maxAttempts = 10, initialDelay = 100.milliseconds, multiplier = 1.0, jitter = 0.0,
                    circuitBreaker = breaker,
                ) {
                    runs.incrementAndGet()
                    throw IOException("Stale file handle").also { stale += it }
                }
            }.exceptionOrNull()
        }

        assertThat(runs).`as`("three failures open it; no fourth attempt").hasValue(3)
        assertThat(currentTime).`as`("the backoffs before attempts 2 and 3, none after the failure that opened it")
            .isEqualTo(200L)
        assertThat(thrown).`as`("the failure that opened it, rethrown at once").isSameAs(stale.last())
        assertThat(thrown!!.suppressed).containsExactly(stale[0], stale[1])
        assertThat(state()).isEqualTo("OPEN")

        val before = currentTime
        val refused = runCatching { succeed() }.exceptionOrNull()

        assertThat(refused).isInstanceOf(FileCircuitOpenException::class.java)
            .hasMessageContaining("The circuit breaker '$breaker' is open since")
            .hasMessageContaining("this call on /srv/share/tasks.json failed at once without touching the file")
        assertThat(currentTime).`as`("refused without a delay").isEqualTo(before)
        assertThat(runs).`as`("the refused call never ran its block").hasValue(3)
    }

    @Test
    fun theOpenDurationPassesOnVirtualTimeAndSuccessfulTrialsCloseIt() = runTest {
        breakerSetting("failure-threshold", "1")
        breakerSetting("open-duration", "10s")
        breakerSetting("success-threshold", "2")

        EngineTime.install(schedulerTime()).use {
            failOnce()
            assertThat(state()).isEqualTo("OPEN")
            delay(9.seconds)
            assertThat(runCatching { succeed() }.exceptionOrNull()).`as`("still open after 9s")
                .isInstanceOf(FileCircuitOpenException::class.java)
            delay(1001.milliseconds)

            assertThat(succeed()).isEqualTo("ok")
            assertThat(state()).`as`("one successful trial of two").isEqualTo("HALF_OPEN")
            assertThat(succeed()).isEqualTo("ok")
        }

        assertThat(state()).isEqualTo("CLOSED")
        assertThat(runs).hasValue(3)
        assertThat(currentTime).isEqualTo(10_001L)
    }

    @Test
    fun theBreakerIsSharedWithAFileOperationOfTheSameName() = runTest {
        breakerSetting("failure-threshold", "2")
        val file = dir.resolve("report.txt")
        val operation = FileOperation.named("Reports.save").withCircuitBreaker(breaker)

        failOnce("Share.load")
        failOnce("Share.list")
        val refused = runCatching { operation.write(file, "new".toByteArray()) }.exceptionOrNull()

        assertThat(refused).isInstanceOf(FileCircuitOpenException::class.java)
            .hasMessageContaining("'$breaker'").hasMessageContaining(file.toString())
        assertThat(file).`as`("refused without touching the file").doesNotExist()
    }

    @Test
    fun theOperationsOwnSettingNamesTheBreakerAndWinsOverTheArgument() = runTest {
        config.set("resilientio.Share.load.circuit-breaker", breaker)
        breakerSetting("failure-threshold", "1")

        val thrown = runCatching {
            retryFileOperation("Share.load", target, maxAttempts = 1) { throw IOException("Input/output error") }
        }.exceptionOrNull()
        val refused = runCatching {
            retryFileOperation("Share.load", target, maxAttempts = 1, circuitBreaker = "$breaker-argument") { "ok" }
        }.exceptionOrNull()

        assertThat(thrown).isInstanceOf(IOException::class.java).isNotInstanceOf(FileCircuitOpenException::class.java)
        assertThat(refused).`as`("the variable's breaker, opened by the call without an argument")
            .isInstanceOf(FileCircuitOpenException::class.java).hasMessageContaining("'$breaker'")
        assertThat(BreakerRegistry.shared().find("$breaker-argument")).`as`("the argument's breaker").isNull()
    }

    @Test
    fun aReloadWithOtherThresholdsGivesTheNextCallANewClosedBreaker() = runTest {
        breakerSetting("failure-threshold", "1")
        EngineTime.install(schedulerTime()).use {
            failOnce()
            assertThat(state()).isEqualTo("OPEN")

            breakerSetting("failure-threshold", "3")

            assertThat(succeed()).`as`("resolved again for the new snapshot: a new breaker, closed").isEqualTo("ok")
            failOnce()
            failOnce()
        }
        assertThat(BreakerRegistry.shared().find(breaker).settings().failureThreshold()).isEqualTo(3)
        assertThat(state()).`as`("two failures of the new three").isEqualTo("CLOSED")
    }

    @Test
    fun aCancelledHalfOpenTrialGivesItsPlaceBack() = runTest {
        breakerSetting("failure-threshold", "1")
        breakerSetting("open-duration", "10s")
        breakerSetting("success-threshold", "1")
        breakerSetting("half-open-max-calls", "1")

        EngineTime.install(schedulerTime()).use {
            failOnce()
            delay(10_001.milliseconds)
            val started = CompletableDeferred<Unit>()
            val trial = launch {
                retryFileOperation("Share.load", target, maxAttempts = 3, circuitBreaker = breaker) {
                    started.complete(Unit)
                    awaitCancellation()
                }
            }
            runCurrent()
            assertThat(started.isCompleted).isTrue()
            assertThat(state()).isEqualTo("HALF_OPEN")
            assertThat(runCatching { succeed() }.exceptionOrNull()).`as`("the one trial place is taken")
                .isInstanceOf(FileCircuitOpenException::class.java)

            trial.cancel()
            trial.join()
            assertThat(state()).`as`("a cancellation is neither a failure nor a success").isEqualTo("HALF_OPEN")

            assertThat(succeed()).`as`("the next trial gets the place back").isEqualTo("ok")
        }

        assertThat(state()).isEqualTo("CLOSED")
    }

    @Test
    fun aBadBreakerNameIsRejectedNamingTheArgument() = runTest {
        val thrown = runCatching {
            retryFileOperation("Share.load", circuitBreaker = " ") { runs.incrementAndGet() }
        }.exceptionOrNull()

        assertThat(thrown).isInstanceOf(ResilientIoConfigException::class.java)
            .hasMessageContaining("retryFileOperation(circuitBreaker)")
        assertThat(runs).hasValue(0)
    }

    @Test
    fun theSuspendingHelpersTakePartThroughTheirOperationNames() = runTest {
        config.set("resilientio.ResilientFiles.readText.circuit-breaker", breaker)
        breakerSetting("failure-threshold", "1")
        val file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "kept")

        assertThat(SuspendingFiles.readText(file)).isEqualTo("kept")
        failOnce()
        val refused = runCatching { SuspendingFiles.readText(file) }.exceptionOrNull()

        assertThat(refused).isInstanceOf(FileCircuitOpenException::class.java).hasMessageContaining("'$breaker'")
    }
}
