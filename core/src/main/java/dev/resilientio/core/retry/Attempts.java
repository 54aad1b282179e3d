package dev.resilientio.core.retry;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.events.RetriesExhausted;
import dev.resilientio.core.events.RetryScheduled;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.rules.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one call: after each failure it decides whether there is another attempt and how
 * long to wait before it, and logs the retry; the caller does the waiting, by sleeping a thread
 * ({@link FileRetry}) or by suspending a coroutine (the Kotlin helpers). Not thread-safe: one call,
 * one thread at a time.
 *
 * <p>There is no further attempt when the settings reject the failure, when the attempts are used
 * up, when the thread is interrupted, or when the wait would end past the call's deadline. Then the
 * failure is returned to be rethrown unchanged, with the earlier failures attached as suppressed
 * (the first 32 of them).
 */
public final class Attempts {

    static final LazyLogger LOG = new LazyLogger(FileRetry.class);

    /** Earlier failures kept as suppressed; a long budget must not hold every one of them. */
    private static final int MAX_SUPPRESSED = 32;

    private final FileRetry retry;
    private final Object target;
    private final long deadlineNanos;
    private final EngineTime time;
    private int attempt = 1;
    private List<Throwable> earlier;

    Attempts(FileRetry retry, Object target, long deadlineNanos, EngineTime time) {
        this.retry = retry;
        this.target = target;
        this.deadlineNanos = deadlineNanos;
        this.time = time;
    }

    /**
     * Decides what follows a failed attempt.
     *
     * @param failure the failure of the attempt that just ended
     * @return the wait before the next attempt, or {@code null} when there is none: then rethrow
     *     {@code failure}, which now carries the earlier failures as suppressed
     */
    public Duration afterFailure(Throwable failure) {
        RetrySettings settings = retry.settings();
        int max = settings.maxAttempts();
        if (attempt >= max || !settings.shouldRetry(failure)) {
            if (attempt >= max && attempt > 1) {
                LOG.warn("{} failed on attempt {}/{} on {}, giving up: {}", retry.operation(), attempt, max, target,
                        failure.toString());
                exhausted(RetriesExhausted.Reason.ATTEMPTS_USED_UP, attempt, failure);
            }
            return giveUp(failure);
        }
        if (Thread.currentThread().isInterrupted()) {
            // Interrupted during the attempt: no wait begins, and the retry ends as an interrupted wait would.
            exhausted(RetriesExhausted.Reason.INTERRUPTED, attempt, failure);
            return giveUp(failure);
        }
        Duration delay = retry.backoff().delay(attempt, time.random());
        if (deadlineNanos != Long.MAX_VALUE && time.nanoTime() + delay.toNanos() - deadlineNanos >= 0) {
            LOG.warn("{} failed on attempt {}/{} on {}, giving up: a wait of {} would end past the call's deadline: {}",
                    retry.operation(), attempt, max, target, Durations.format(delay), failure.toString());
            exhausted(RetriesExhausted.Reason.DEADLINE, attempt, failure);
            return giveUp(failure);
        }
        LOG.warn("{} failed on attempt {}/{} on {}, retrying in {}: {}", retry.operation(), attempt, max, target,
                Durations.format(delay), failure.toString());
        if (Events.observed()) {
            Events.publish(new RetryScheduled(retry.operation(), file(), attempt, max, delay, failure));
        }
        if (earlier == null) {
            earlier = new ArrayList<>(Math.min(max - 1, MAX_SUPPRESSED));
        }
        if (earlier.size() < MAX_SUPPRESSED) {
            earlier.add(failure);
        }
        attempt++;
        return delay;
    }

    /**
     * Ends the call without another attempt or wait because its circuit breaker is open after this
     * failure (the failure opened it, or another call did meanwhile): the next attempt would only be
     * refused, so waiting for it wastes the backoff and the attempt.
     *
     * @param failure the failure of the attempt that just ended
     * @param breaker the open breaker's name, for the log
     * @return {@code failure}, to rethrow, now carrying the earlier failures as suppressed
     */
    public Throwable breakerOpen(Throwable failure, String breaker) {
        int max = retry.settings().maxAttempts();
        // A refusal says so itself, and the breaker logged its opening: one WARN per refused call would flood.
        if (max > 1 && !(failure instanceof FileCircuitOpenException)) {
            LOG.warn("{} failed on attempt {}/{} on {}, giving up: circuit breaker {} is open, so another attempt"
                    + " would fail at once: {}", retry.operation(), attempt, max, target, breaker, failure.toString());
            exhausted(RetriesExhausted.Reason.CIRCUIT_OPEN, attempt, failure);
        }
        giveUp(failure);
        return failure;
    }

    /**
     * Ends the call after the wait before the next attempt was interrupted: the thread's interrupt
     * flag is set again and the last failure is returned, to rethrow, with the ones before it suppressed.
     *
     * @param failure the failure of the last attempt
     * @return {@code failure}, to rethrow
     */
    public Throwable interrupted(Throwable failure) {
        Thread.currentThread().interrupt();
        // The interrupted wait was before the attempt numbered now, which never ran.
        exhausted(RetriesExhausted.Reason.INTERRUPTED, attempt - 1, failure);
        if (earlier != null) {
            earlier.remove(failure);
        }
        giveUp(failure);
        return failure;
    }

    /**
     * Returns the number of the attempt running now, from 1.
     *
     * @return the attempt
     */
    public int attempt() {
        return attempt;
    }

    /** The target when it is a file; the Kotlin helpers and the plain API may name something else. */
    private Path file() {
        return target instanceof Path path ? path : null;
    }

    private void exhausted(RetriesExhausted.Reason reason, int made, Throwable failure) {
        if (Events.on()) {
            Events.publish(new RetriesExhausted(retry.operation(), file(), made, reason, failure));
        }
    }

    private Duration giveUp(Throwable last) {
        if (earlier != null) {
            for (Throwable previous : earlier) {
                if (previous != last) {
                    last.addSuppressed(previous);
                }
            }
        }
        return null;
    }
}
