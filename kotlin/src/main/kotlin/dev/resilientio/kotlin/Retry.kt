package dev.resilientio.kotlin

import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.core.Durations
import dev.resilientio.core.FileRetry
import dev.resilientio.core.ResilientIoConfig
import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.RetrySettings
import dev.resilientio.core.SettingRules
import java.nio.file.Path
import java.util.concurrent.ThreadLocalRandom
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
import org.slf4j.LoggerFactory

/**
 * Runs [block] with the retries of `@RetryFileOperation(name = name)`, suspending between attempts
 * instead of blocking a thread.
 *
 * The settings are resolved as for an annotated method of that operation name: the per-operation
 * variable (`RESILIENT_IO_<NAME>_RETRY_...` or `resilientio.<name>.retry....`) wins over the
 * arguments given here, which win over the global variables and the built-in defaults. Failures
 * are classified, backed off and logged (WARN, logger `dev.resilientio.core.FileRetry`) as
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
 * @param name the operation name, for per-operation configuration and logs, such as `TaskStore.save`
 * @param target the file the operation works on, for logs
 * @param maxAttempts total attempts, at least 1; `null` takes it from configuration
 * @param initialDelay the delay before the second attempt; `null` takes it from configuration
 * @param maxDelay the cap on any one delay; `null` takes it from configuration
 * @param multiplier the growth of the delay, at least 1.0; `null` takes it from configuration
 * @param jitter from 0.0 to 1.0; each delay `d` becomes uniform in `[d * (1 - jitter), d]`; `null` takes it from configuration
 * @param retryOn when not empty, only these exception types (and subclasses) are retried
 * @param abortOn exception types never retried; wins over [retryOn]
 * @param block the operation; it runs again on each attempt
 * @return the block's result
 * @throws ResilientIoConfigException when an argument or a configuration value is out of range
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
    block: suspend () -> T,
): T {
    if (name.isBlank()) {
        throw ResilientIoConfigException(
            "retryFileOperation(name='$name') is not allowed: give the operation a name, such as \"TaskStore.save\"",
        )
    }
    val config = ResilientIoConfig.global()
    if (!config.enabled()) {
        return block()
    }
    val overrides = RetryOverrides(maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, abortOn)
    val settings = config.retryFor(name, overrides.asAnnotation(name))
    val operation = RetryingOperation(name)
    if (currentCoroutineContext()[RetryingOperation] != null || FileRetry.isRetrying()) {
        return withContext(operation) { block() }
    }
    return withContext(operation) { retryLoop(name, target, settings, block) }
}

/**
 * Marks a coroutine as inside a retrying operation, for the nested-call rule, and carries the
 * operation name to the lock and atomic-write helpers called within. Whichever thread the
 * coroutine runs on is marked for the engine too ([FileRetry.markRetrying]) while it runs there,
 * so blocking retrying calls made in the block (annotated methods, `ResilientFiles`) run once.
 */
internal class RetryingOperation(val name: String) : ThreadContextElement<FileRetry.RetryingMark> {

    companion object Key : CoroutineContext.Key<RetryingOperation>

    override val key: CoroutineContext.Key<RetryingOperation> get() = Key

    override fun updateThreadContext(context: CoroutineContext): FileRetry.RetryingMark = FileRetry.markRetrying()

    override fun restoreThreadContext(context: CoroutineContext, oldState: FileRetry.RetryingMark): Unit =
        oldState.close()

    override fun toString(): String = "RetryingOperation($name)"
}

/**
 * The same logger as the blocking engine's, so that operators see and filter one kind of retry line;
 * looked up on the first retry, as the engine does, so that a call that succeeds never starts the logging backend.
 */
private val LOG by lazy { LoggerFactory.getLogger(FileRetry::class.java) }

/** Earlier failures kept as suppressed, as [FileRetry] keeps them. */
private const val MAX_SUPPRESSED = 32

/** [FileRetry]'s loop with a suspending backoff; it cannot be shared, since that loop sleeps a thread. */
private suspend fun <T> retryLoop(name: String, target: Path?, settings: RetrySettings, block: suspend () -> T): T {
    val max = settings.maxAttempts()
    if (max == 1) {
        return block()
    }
    val backoff = settings.backoff()
    val earlier = ArrayList<Throwable>()
    var attempt = 1
    while (true) {
        try {
            return block()
        } catch (failure: Throwable) {
            if (failure is CancellationException) {
                throw failure
            }
            if (attempt >= max || !settings.shouldRetry(failure)) {
                if (attempt >= max && attempt > 1) {
                    LOG.warn("{} failed on attempt {}/{} on {}, giving up: {}", name, attempt, max, target, failure.toString())
                }
                throw failure.withSuppressed(earlier)
            }
            if (!currentCoroutineContext().isActive) {
                throw failure.withSuppressed(earlier)
            }
            val wait = backoff.delay(attempt, ThreadLocalRandom.current())
            LOG.warn(
                "{} failed on attempt {}/{} on {}, retrying in {}: {}",
                name, attempt, max, target, Durations.format(wait), failure.toString(),
            )
            if (earlier.size < MAX_SUPPRESSED) {
                earlier += failure
            }
            delay(wait.toKotlinDuration())
            attempt++
        }
    }
}

private fun Throwable.withSuppressed(earlier: List<Throwable>): Throwable {
    for (previous in earlier) {
        if (previous !== this) {
            addSuppressed(previous)
        }
    }
    return this
}

/** The arguments of one call that override configuration, checked, as the annotation they stand for. */
private class RetryOverrides(
    private val maxAttempts: Int?,
    private val initialDelay: Duration?,
    private val maxDelay: Duration?,
    private val multiplier: Double?,
    private val jitter: Double?,
    private val retryOn: Set<KClass<out Throwable>>,
    private val abortOn: Set<KClass<out Throwable>>,
) {
    init {
        maxAttempts?.let { SettingRules.checkMaxAttempts("retryFileOperation(maxAttempts)", it) }
        initialDelay?.let { SettingRules.checkDuration("retryFileOperation(initialDelay)", it.toJavaDuration()) }
        maxDelay?.let { SettingRules.checkDuration("retryFileOperation(maxDelay)", it.toJavaDuration()) }
        multiplier?.let { SettingRules.checkMultiplier("retryFileOperation(multiplier)", it) }
        jitter?.let { SettingRules.checkJitter("retryFileOperation(jitter)", it) }
    }

    /**
     * Returns the annotation these arguments stand for, or `null` when there are none, so that
     * [ResilientIoConfig.retryFor] gives them an attribute's place in its precedence.
     */
    fun asAnnotation(name: String): RetryFileOperation? {
        if (maxAttempts == null && initialDelay == null && maxDelay == null && multiplier == null && jitter == null &&
            retryOn.isEmpty() && abortOn.isEmpty()
        ) {
            return null
        }
        // The sentinels -1 and "" mean "from configuration", as in the annotation; checked values never equal them.
        return RetryFileOperation(
            name = name,
            maxAttempts = maxAttempts ?: -1,
            initialDelay = initialDelay?.let(::durationText) ?: "",
            maxDelay = maxDelay?.let(::durationText) ?: "",
            multiplier = multiplier ?: -1.0,
            jitter = jitter ?: -1.0,
            retryOn = retryOn.toTypedArray(),
            abortOn = abortOn.toTypedArray(),
        )
    }

    /** The readable form (`250ms`) where it is exact, else ISO-8601, which the settings grammar also takes. */
    private fun durationText(duration: Duration): String {
        val exact = duration.toJavaDuration()
        val readable = Durations.format(exact)
        return if (Durations.parse(readable) == exact) readable else exact.toString()
    }
}
