package dev.resilientio.core.retry;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.ThrowingSupplier;
import dev.resilientio.core.internal.RetryHandoff;
import dev.resilientio.core.seam.SimulatedCrash;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs an operation with the retries of its {@link RetrySettings}: the retry policy of every entry
 * point. Immutable and thread-safe; build one per operation and reuse it.
 *
 * <p>What follows each failure (another attempt after a backoff, or the failure rethrown with the
 * earlier ones suppressed) is decided by {@link Attempts}; this class waits on a thread. A call made
 * while the same thread is already inside a retrying operation runs once: the outermost operation
 * owns the attempts.
 *
 * <p>The loop is ours rather than a Resilience4j {@code Retry}, because that one sleeps through a
 * JVM-global function (no per-operation injected time), does not attach earlier failures as
 * suppressed, would multiply budgets when nested, and knows no per-call deadline.
 */
public final class FileRetry {

    private final String operation;
    private final RetrySettings settings;
    private final BackoffSchedule backoff;
    /** The time this retry always waits on, or {@code null} for the engine's time at each call. */
    private final EngineTime time;

    private FileRetry(String operation, RetrySettings settings, EngineTime time) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = time;
        this.backoff = settings.backoff();
    }

    /**
     * Creates the retry of one operation.
     *
     * @param operation the operation name, for logs
     * @param settings the settings
     * @return the retry
     */
    public static FileRetry of(String operation, RetrySettings settings) {
        return new FileRetry(operation, settings, null);
    }

    /**
     * Creates the retry of one operation that always waits on a given time, for tests and simulations.
     *
     * @param operation the operation name, for logs
     * @param settings the settings
     * @param time the clock, the waits and the jitter source
     * @return the retry
     */
    public static FileRetry of(String operation, RetrySettings settings, EngineTime time) {
        return new FileRetry(operation, settings, Objects.requireNonNull(time, "time"));
    }

    /**
     * Returns the name of the operation this retry belongs to.
     *
     * @return the name
     */
    public String operation() {
        return operation;
    }

    RetrySettings settings() {
        return settings;
    }

    BackoffSchedule backoff() {
        return backoff;
    }

    /**
     * Tells whether the calling thread is inside a retrying operation, where inner operations run once.
     *
     * @return {@code true} inside a retrying operation
     */
    public static boolean isRetrying() {
        return RetryHandoff.current().retrying();
    }

    /**
     * Marks the calling thread as inside a retrying operation until the returned mark is closed, so
     * that retrying operations started on it meanwhile run once. For a retry loop that runs on
     * several threads in turn, such as a coroutine's: it marks each thread while it runs there.
     * Close the mark on the thread that made it.
     *
     * @return the mark; closing it a second time does nothing
     */
    public static RetryingMark markRetrying() {
        RetryHandoff.State state = RetryHandoff.current();
        state.mark();
        return new RetryingMark(state);
    }

    /** A thread's mark of being inside a retrying operation; see {@link #markRetrying()}. */
    public static final class RetryingMark implements AutoCloseable {
        private final RetryHandoff.State state;
        private boolean closed;

        private RetryingMark(RetryHandoff.State state) {
            this.state = state;
        }

        /** Removes the mark. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                state.unmark();
            }
        }
    }

    /**
     * Starts the attempts of one call, for a caller that waits in its own way (a coroutine suspends).
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param deadlineNanos the call's deadline on {@code time}'s clock, or {@link Long#MAX_VALUE} for none
     * @param time the clock and jitter source
     * @return the attempts; ask them after each failure what follows
     */
    public Attempts attempts(Object target, long deadlineNanos, EngineTime time) {
        return new Attempts(this, target, deadlineNanos, time);
    }

    /**
     * Runs the operation, retrying it as the settings say, with no deadline, on this retry's time
     * (the engine's current time unless one was given).
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param body the operation
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the operation's result
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T call(Object target, ThrowingSupplier<T, X> body) throws X {
        return call(target, Long.MAX_VALUE, time != null ? time : EngineTime.current(), body);
    }

    /**
     * Runs the operation, retrying it as the settings say, within a deadline.
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param deadlineNanos the call's deadline on {@code time}'s clock, or {@link Long#MAX_VALUE} for none
     * @param time the clock, the waits and the jitter source
     * @param body the operation
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the operation's result
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T call(Object target, long deadlineNanos, EngineTime time, ThrowingSupplier<T, X> body)
            throws X {
        return call(target, deadlineNanos, time, null, body);
    }

    /**
     * Runs the operation, retrying it as the settings say, within a deadline, unless a circuit
     * breaker the attempts pass through is open after a failure: then the failure is rethrown at
     * once, with no wait and no further attempt.
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param deadlineNanos the call's deadline on {@code time}'s clock, or {@link Long#MAX_VALUE} for none
     * @param time the clock, the waits and the jitter source
     * @param openBreaker asked after each failed attempt: the name of the attempts' circuit breaker when
     *     it is open now, else {@code null}; {@code null} when the attempts pass through no breaker
     * @param body the operation
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the operation's result
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T call(Object target, long deadlineNanos, EngineTime time,
            Supplier<String> openBreaker, ThrowingSupplier<T, X> body) throws X {
        RetryHandoff.State state = RetryHandoff.current();
        if (state.retrying()) {
            return body.get();
        }
        // Owns the attempts: content nested calls hand up (a recovery file's) is kept only if they finally fail.
        state.enter();
        try {
            return body.get();
        } catch (Throwable first) {
            // The body is called only here and below, never handed to a method that is not inlined,
            // so that a body object made for this call can stay off the heap.
            Attempts attempts = attempts(target, deadlineNanos, time);
            Throwable failure = first;
            while (true) {
                FileRetry.<X>afterFailure(attempts, failure, openBreaker, time, state);
                try {
                    return body.get();
                } catch (Throwable next) {
                    failure = next;
                }
            }
        } finally {
            state.leave();
        }
    }

    /**
     * Runs the rest of a call whose first attempt the engine's woven code ran itself, on its fast
     * path, as the owner of the thread's attempts ({@code RetryHandoff.State#enter()}), and that
     * failed: what {@link #call(Object, ThrowingSupplier)} does after its first attempt's failure, on
     * this retry's time. The thread's mark ends when this returns or throws.
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param first the first attempt's failure
     * @param body the operation, for the attempts that follow
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the result of a later attempt
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T callAfterFirstFailure(Object target, Throwable first, ThrowingSupplier<T, X> body)
            throws X {
        RetryHandoff.State state = RetryHandoff.current();
        try {
            EngineTime now = time != null ? time : EngineTime.current();
            return retryAfter(first, attempts(target, Long.MAX_VALUE, now), null, now, state, body);
        } finally {
            state.leave();
        }
    }

    /**
     * Runs the attempts that follow one that already ran elsewhere and failed, as {@link
     * #call(Object, long, EngineTime, Supplier, ThrowingSupplier)} does after its own first attempt's
     * failure: that failure is logged and retried (or rethrown) first. A group commit's member whose
     * change failed inside another thread's batch goes on this way, on its own thread.
     *
     * @param earlier the failure of the attempt that ran elsewhere, the call's first
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param deadlineNanos the call's deadline on {@code time}'s clock, or {@link Long#MAX_VALUE} for none
     * @param time the clock, the waits and the jitter source
     * @param openBreaker as for {@link #call(Object, long, EngineTime, Supplier, ThrowingSupplier)}
     * @param body the operation, for the attempts that follow
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the result of a later attempt
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T callAfter(Throwable earlier, Object target, long deadlineNanos, EngineTime time,
            Supplier<String> openBreaker, ThrowingSupplier<T, X> body) throws X {
        RetryHandoff.State state = RetryHandoff.current();
        if (state.retrying()) {
            // An enclosing retry owns the attempts: it sees the failure as its own attempt's.
            throw FileRetry.<X>rethrow(earlier);
        }
        state.enter();
        try {
            return retryAfter(earlier, attempts(target, deadlineNanos, time), openBreaker, time, state, body);
        } finally {
            state.leave();
        }
    }

    /** The attempts after a failed one, until one succeeds or the failure is final. */
    private static <T, X extends Throwable> T retryAfter(Throwable first, Attempts attempts, Supplier<String> openBreaker,
            EngineTime time, RetryHandoff.State state, ThrowingSupplier<T, X> body) throws X {
        Throwable failure = first;
        while (true) {
            FileRetry.<X>afterFailure(attempts, failure, openBreaker, time, state);
            try {
                return body.get();
            } catch (Throwable next) {
                failure = next;
            }
        }
    }

    /**
     * What follows a failed attempt: returns after the wait before the next one, or throws the
     * call's final failure, with what nested calls handed up kept.
     */
    private static <X extends Throwable> void afterFailure(Attempts attempts, Throwable failure,
            Supplier<String> openBreaker, EngineTime time, RetryHandoff.State state) throws X {
        if (failure instanceof SimulatedCrash crash) {
            // A killed process retries nothing, whatever retryOn says, and gives nothing up.
            throw crash;
        }
        String open = openBreaker == null ? null : openBreaker.get();
        if (open != null) {
            throw FileRetry.<X>rethrow(RetryHandoff.keep(state, attempts.breakerOpen(failure, open)));
        }
        Duration delay = attempts.afterFailure(failure);
        if (delay == null) {
            throw FileRetry.<X>rethrow(RetryHandoff.keep(state, failure));
        }
        try {
            time.sleep(delay);
        } catch (InterruptedException interrupted) {
            throw FileRetry.<X>rethrow(RetryHandoff.keep(state, attempts.interrupted(failure)));
        }
    }

    /** Rethrows a failure of the body as the type the body declared. */
    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X rethrow(Throwable failure) {
        return (X) failure;
    }
}
