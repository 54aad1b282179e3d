package dev.resilientio.kotlin

import dev.resilientio.core.EngineTime
import dev.resilientio.core.FileCircuitOpenException
import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.breaker.BreakerRegistry
import dev.resilientio.core.breaker.FileBreaker
import dev.resilientio.core.config.ResilientIoConfig
import dev.resilientio.core.config.SettingOverrides
import dev.resilientio.core.internal.Events
import dev.resilientio.core.internal.Seam
import dev.resilientio.core.pipeline.CallOutcomes
import dev.resilientio.core.retry.FileRetry
import dev.resilientio.core.rules.BreakerRules
import dev.resilientio.core.rules.Durations
import dev.resilientio.core.rules.Setting
import dev.resilientio.core.rules.SettingRules
import dev.resilientio.core.seam.FaultSeam
import dev.resilientio.core.seam.SimulatedCrash
import java.nio.file.Path
import kotlin.coroutines.CoroutineContext
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext

/**
 * Runs [block] with the retries of `@RetryFileOperation(name = name)`, suspending between attempts
 * instead of blocking a thread.
 *
 * The settings are resolved as for an annotated method of that operation name: the per-operation
 * variable (`RESILIENT_IO_<NAME>_RETRY_...` or `resilientio.<name>.retry....`) wins over the
 * arguments given here, which win over the global variables and the built-in defaults. Failures
 * are classified, backed off and logged (WARN, logger `dev.resilientio.core.retry.FileRetry`) as
 * [FileRetry] does; when the attempts run out, the last failure is rethrown unchanged with the
 * earlier ones suppressed. A [CancellationException] is never retried, and cancellation during a
 * backoff ends it at once. With `RESILIENT_IO_ENABLED=false`, [block] runs once.
 *
 * Inside [block], another `retryFileOperation` and every blocking retrying call (an annotated
 * method, `ResilientFiles`, and those [withFileLock], [atomicWrite] and [SuspendingFiles] make) run
 * once: the outermost operation owns the attempts, on whichever threads the coroutine runs.
 * [withFileLock] and [atomicWrite] also take their lock timeout and atomic-write settings for
 * this operation name, as the annotations of one method share its name.
 *
 * With [circuitBreaker], or when `RESILIENT_IO_<NAME>_CIRCUIT_BREAKER` (`resilientio.<name>.circuit-breaker`)
 * names one for this operation (that setting wins over the argument), each attempt passes through
 * that circuit breaker, the JVM's one of that name, shared with `@FileCircuitBreaker` methods and
 * `FileOperation`s that name it; its thresholds come from `RESILIENT_IO_<BREAKER>_CIRCUIT_BREAKER_...`,
 * then the global variables. An open breaker throws [FileCircuitOpenException] at once: it is never
 * retried, so it neither suspends nor spends the attempts. A cancelled attempt counts as neither
 * success nor failure and gives a half-open breaker's trial place back. The breaker holds no
 * thread while the block suspends.
 *
 * @param name the operation name, for per-operation configuration and logs, such as `TaskStore.save`
 * @param target the file the operation works on, for logs
 * @param maxAttempts total attempts, at least 1; `null` takes it from configuration
 * @param initialDelay the delay before the second attempt; `null` takes it from configuration
 * @param maxDelay the cap on any one delay; `null` takes it from configuration
 * @param multiplier the growth of the delay, at least 1.0; `null` takes it from configuration
 * @param jitter from 0.0 to 1.0; each delay `d` becomes uniform in `[d * (1 - jitter), d]`; `null` takes it from configuration
 * @param retryOn when not empty, only these exception types (and subclasses) are retried
 * @param abortOn exception types never retried; wins over [retryOn]
 * @param maxDuration the deadline of the whole call; `null` takes it from configuration (default: none)
 * @param circuitBreaker the name of the circuit breaker each attempt passes through, such as `tasks-share`;
 *     `null` (the default) for none, unless the operation's own setting names one
 * @param block the operation; it runs again on each attempt
 * @return the block's result
 * @throws ResilientIoConfigException when an argument or a configuration value is out of range
 * @throws FileCircuitOpenException when the circuit breaker is open, naming it
 */
public suspend fun <T> retryFileOperation(
    name: String,
    target: Path? = null,
    maxAttempts: Int? = null,
    initialDelay: Duration? = null,
    maxDelay: Duration? = null,
    multiplier: Double? = null,
    jitter: Double? = null,
    retryOn: Set<KClass<out Throwable>> = emptySet(),
    abortOn: Set<KClass<out Throwable>> = emptySet(),
    maxDuration: Duration? = null,
    circuitBreaker: String? = null,
    block: suspend () -> T,
): T {
    if (name.isBlank()) {
        throw ResilientIoConfigException(
            "retryFileOperation(name='$name') is not allowed: give the operation a name, such as \"TaskStore.save\"",
        )
    }
    val breakerName = circuitBreaker?.let { BreakerRules.parseName("retryFileOperation(circuitBreaker)", it) }
    val config = ResilientIoConfig.global()
    if (!config.enabled()) {
        return block()
    }
    val breaker = breakerOf(config, name, breakerName)
    val overrides = overrides(maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, abortOn, maxDuration)
    val settings = config.operation(name, overrides)
    val time = EngineTime.current()
    val own = settings.maxDuration()?.let { time.nanoTime() + it.toNanos() } ?: Long.MAX_VALUE
    val outer = currentCoroutineContext()[RetryingOperation]?.deadlineNanos ?: Long.MAX_VALUE
    // Inside another operation, the earlier deadline of the two bounds this one.
    val deadline = if (outer != Long.MAX_VALUE && outer - own < 0) outer else own
    val operation = RetryingOperation(name, deadline, time)
    if (currentCoroutineContext()[RetryingOperation] != null || FileRetry.isRetrying()) {
        // Nested, the attempt runs once, but still through its own breaker, as a nested annotated method's does.
        return observed(name, target, time, { 0 }) {
            withContext(operation) {
                throughBreaker(breaker, target) {
                    Seam.before(FaultSeam.Step.ATTEMPT, name, target)
                    block()
                }
            }
        }
    }
    val retry = FileRetry.of(name, settings.retry())
    val attempts = retry.attempts(target, deadline, time)
    return observed(name, target, time, { attempts.attempt() }) {
        withContext(operation) {
            retryLoop(attempts, breaker) {
                throughBreaker(breaker, target) {
                    Seam.before(FaultSeam.Step.ATTEMPT, name, target)
                    block()
                }
            }
        }
    }
}

/**
 * Runs a call and publishes its [dev.resilientio.core.events.CallCompleted] when someone observes
 * the engine, as an annotated method's call does, unless the coroutine was cancelled; [attempts] is
 * read at its end (0 for a call that runs without a retry of its own).
 */
private suspend inline fun <T> observed(
    name: String,
    target: Path?,
    time: EngineTime,
    attempts: () -> Int,
    call: () -> T,
): T {
    if (!Events.on()) {
        return call()
    }
    val start = time.nanoTime()
    val result = try {
        call()
    } catch (failure: Throwable) {
        // A cancelled coroutine's call did not fail: it was abandoned, and has no outcome to count.
        if (failure !is CancellationException) {
            CallOutcomes.failed(name, target, attempts(), failure, time.nanoTime() - start)
        }
        throw failure
    }
    CallOutcomes.succeeded(name, target, attempts(), time.nanoTime() - start)
    return result
}

/**
 * The breaker an operation's attempts pass through, as for an annotated method: the one its own
 * setting names, else [named], with that breaker's settings; `null` for none or when switched off.
 * Resolved once per operation, named breaker and configuration snapshot, as an annotated method's is.
 */
private fun breakerOf(config: ResilientIoConfig, operation: String, named: String?): FileBreaker? {
    val key = BreakerKey(operation, named)
    val known = BREAKERS[key]
    if (known != null && known.config === config) {
        return known.breaker
    }
    val overrides = if (named == null) {
        SettingOverrides.NONE
    } else {
        SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, named, "retryFileOperation(circuitBreaker)").build()
    }
    val breaker = config.circuitBreaker(operation, overrides)?.let {
        BreakerRegistry.shared().breaker(it, "retryFileOperation(\"$operation\")", config)
    }
    BREAKERS[key] = ResolvedBreaker(config, breaker)
    return breaker
}

/** An operation name and the breaker its caller names, which is all a call's breaker depends on besides the snapshot. */
private data class BreakerKey(val operation: String, val named: String?)

/** The breaker resolved for a [BreakerKey] in one snapshot; `null` for none. */
private class ResolvedBreaker(val config: ResilientIoConfig, val breaker: FileBreaker?)

/** One entry per operation and breaker name the application uses, replaced when the snapshot changes. */
private val BREAKERS = java.util.concurrent.ConcurrentHashMap<BreakerKey, ResolvedBreaker>()

/**
 * Runs one attempt through [breaker]. The permission is taken and ended around the suspending
 * block, since [FileBreaker.call] would hold it only while a thread blocks in it. A cancellation
 * (or a failure of a coroutine already cancelled) is neither success nor failure: the permission is
 * given back, so a half-open breaker is not left with its trial place taken forever.
 */
private suspend fun <T> throughBreaker(breaker: FileBreaker?, target: Path?, block: suspend () -> T): T {
    if (breaker == null) {
        return block()
    }
    val permission = breaker.acquire(target)
    val result = try {
        block()
    } catch (failure: Throwable) {
        if (failure is CancellationException || !currentCoroutineContext().isActive) {
            permission.released()
        } else {
            permission.failed(failure)
        }
        throw failure
    }
    permission.succeeded()
    return result
}

/**
 * Marks a coroutine as inside a retrying operation, for the nested-call rule, and carries the
 * operation name and deadline to the lock and atomic-write helpers called within. Whichever thread
 * the coroutine runs on is marked for the engine too ([FileRetry.markRetrying]) while it runs there,
 * so blocking retrying calls made in the block (annotated methods, `ResilientFiles`) run once.
 */
internal class RetryingOperation(
    val name: String,
    val deadlineNanos: Long,
    val time: EngineTime,
) : ThreadContextElement<FileRetry.RetryingMark> {

    companion object Key : CoroutineContext.Key<RetryingOperation>

    override val key: CoroutineContext.Key<RetryingOperation> get() = Key

    override fun updateThreadContext(context: CoroutineContext): FileRetry.RetryingMark = FileRetry.markRetrying()

    override fun restoreThreadContext(context: CoroutineContext, oldState: FileRetry.RetryingMark): Unit =
        oldState.close()

    /** The lock wait left within the deadline: [timeout], or less when the deadline comes first. */
    fun boundedWait(timeout: java.time.Duration): java.time.Duration {
        if (deadlineNanos == Long.MAX_VALUE) {
            return timeout
        }
        val left = maxOf(0L, deadlineNanos - time.nanoTime())
        return if (left < timeout.toNanos()) java.time.Duration.ofNanos(left) else timeout
    }

    override fun toString(): String = "RetryingOperation($name)"
}

/**
 * The engine's attempts with a suspending wait: the only part a thread-blocking loop cannot share.
 * When [breaker] is open after a failure (that failure opened it, or another call did), the failure
 * is rethrown at once: the next attempt would be refused, so it neither waits nor spends an attempt.
 */
private suspend fun <T> retryLoop(
    attempts: dev.resilientio.core.retry.Attempts,
    breaker: FileBreaker?,
    block: suspend () -> T,
): T {
    while (true) {
        try {
            return block()
        } catch (failure: Throwable) {
            if (failure is CancellationException || failure is SimulatedCrash || !currentCoroutineContext().isActive) {
                throw failure
            }
            if (breaker != null && breaker.isOpen) {
                throw attempts.breakerOpen(failure, breaker.settings().name())
            }
            val wait = attempts.afterFailure(failure) ?: throw failure
            delay(wait.toKotlinDuration())
        }
    }
}

/** The arguments of one call that override configuration, checked, named as the arguments they are. */
private fun overrides(
    maxAttempts: Int?,
    initialDelay: Duration?,
    maxDelay: Duration?,
    multiplier: Double?,
    jitter: Double?,
    retryOn: Set<KClass<out Throwable>>,
    abortOn: Set<KClass<out Throwable>>,
    maxDuration: Duration?,
): SettingOverrides {
    val overrides = SettingOverrides.builder()
    maxAttempts?.let {
        SettingRules.checkMaxAttempts("retryFileOperation(maxAttempts)", it)
        overrides.set(Setting.RETRY_MAX_ATTEMPTS, it.toString(), "retryFileOperation(maxAttempts)")
    }
    initialDelay?.let { overrides.set(Setting.RETRY_INITIAL_DELAY, durationText(it), "retryFileOperation(initialDelay)") }
    maxDelay?.let { overrides.set(Setting.RETRY_MAX_DELAY, durationText(it), "retryFileOperation(maxDelay)") }
    multiplier?.let {
        SettingRules.checkMultiplier("retryFileOperation(multiplier)", it)
        overrides.set(Setting.RETRY_MULTIPLIER, it.toBigDecimal().toPlainString(), "retryFileOperation(multiplier)")
    }
    jitter?.let {
        SettingRules.checkJitter("retryFileOperation(jitter)", it)
        overrides.set(Setting.RETRY_JITTER, it.toBigDecimal().toPlainString(), "retryFileOperation(jitter)")
    }
    maxDuration?.let { overrides.set(Setting.RETRY_MAX_DURATION, durationText(it), "retryFileOperation(maxDuration)") }
    overrides.retryOn(retryOn.map { it.java }).abortOn(abortOn.map { it.java })
    return overrides.build()
}

/**
 * The readable form (`250ms`) where it is exact, else ISO-8601, which the settings grammar also
 * takes; a negative duration keeps its sign, so the setting's rule rejects it by name.
 */
private fun durationText(duration: Duration): String {
    if (duration.isNegative()) {
        return duration.toString()
    }
    val exact = duration.toJavaDuration()
    val readable = Durations.format(exact)
    return if (Durations.parse(readable) == exact) readable else exact.toString()
}
