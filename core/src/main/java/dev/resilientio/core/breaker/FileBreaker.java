package dev.resilientio.core.breaker;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.ThrowingSupplier;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.internal.EngineClock;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.rules.Durations;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One named circuit breaker of the JVM: a Resilience4j {@link CircuitBreaker} configured so that
 * {@code failureThreshold} consecutive counted failures open it, plus what Resilience4j does not do
 * itself: a failed trial call opens it again at once, and at most {@code halfOpenMaxCalls} trial
 * calls run at the same time. Thread-safe; shared by every method and operation that names it
 * (get it from {@link BreakerRegistry}).
 */
public final class FileBreaker {

    private static final LazyLogger LOG = new LazyLogger(FileBreaker.class);
    /** Calls are never slow to a breaker of places: a slow share is the lock timeout's and the deadline's business. */
    private static final Duration NEVER_SLOW = Duration.ofDays(365L * 100);

    private final CircuitBreakerSettings settings;
    private final CircuitBreaker breaker;
    private final BreakerFailures failures = new BreakerFailures(TransientIoClassifier.forCurrentOs());
    /** Trial calls running now while half-open. */
    private final Semaphore trials;
    /** Trial calls that succeeded since the breaker last became half-open, for the logs. */
    private final AtomicInteger trialSuccesses = new AtomicInteger();
    /** A copy of the latest counted failure: the one that opened the breaker when it opens. */
    private volatile OpeningFailure lastFailure;
    /** Never the live failure: refusals of other calls share it as their cause. */
    private volatile OpeningFailure openedBy;
    private volatile Instant openSince;
    /** The thread inside {@link #reset()}: the transition it causes is logged as a reset, not as a close. */
    private volatile Thread resetBy;

    FileBreaker(CircuitBreakerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trials = new Semaphore(settings.halfOpenMaxCalls());
        // "failureThreshold consecutive counted failures open it": a count-based window of that many
        // calls, evaluated only once full, that opens at a failure rate of 100%, so every call in it
        // failed. Uncounted failures are neither failure nor success (their permission is released),
        // so they neither open it nor reset the count. Half-open, Resilience4j lets successThreshold trial calls through in
        // all and judges their failure rate once they are done: all successes close it. Its minimum
        // number of calls serves both states, each window capping it at its own size, hence the larger
        // of the two thresholds, or a breaker with fewer failures than trials would close early. A failed trial
        // must open it at once instead, which call() does by hand; and the number of trial calls at
        // once is our semaphore, since Resilience4j only limits how many in all. The state machine
        // reads the engine's clock and moves from open to half-open on the first call after the open
        // duration (no timer thread), so virtual time drives it.
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(Math.max(settings.failureThreshold(), settings.successThreshold()))
                .failureRateThreshold(100)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(NEVER_SLOW)
                .permittedNumberOfCallsInHalfOpenState(settings.successThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // Every failure reaching onError counts: failed() classifies each once and gives an
                // uncounted one's permission back instead.
                .recordException(failure -> true)
                .clock(EngineClock.INSTANCE)
                .build();
        this.breaker = CircuitBreaker.of(settings.name(), config);
        breaker.getEventPublisher().onStateTransition(this::transitioned);
    }

    /**
     * Returns the settings the breaker was created with.
     *
     * @return the settings
     */
    public CircuitBreakerSettings settings() {
        return settings;
    }

    /**
     * Returns the breaker's state now.
     *
     * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     */
    public String state() {
        return breaker.getState().name();
    }

    /**
     * What a breaker is doing, as {@link #status()} reads it for monitoring (the Spring starter's
     * endpoint and health). Immutable.
     *
     * @param name the breaker's name
     * @param state {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     * @param settings the settings it was created with
     * @param failedCalls counted failures among its latest calls: while closed, of the last
     *     {@code failureThreshold} counted calls; while half-open, of the trial calls so far
     * @param successfulCalls successful calls among the same calls
     * @param openSince since when it is open (or half-open after being open); {@code null} while closed
     * @param trialAfter when it lets a trial call through, {@code openSince} plus the open duration;
     *     {@code null} unless open (the first call after it is the trial)
     * @param openedBy the failure that opened it, as {@code Throwable#toString()}; {@code null} while closed
     */
    public record Status(String name, String state, CircuitBreakerSettings settings, int failedCalls,
            int successfulCalls, Instant openSince, Instant trialAfter, String openedBy) {
    }

    /**
     * Reads the breaker's state and counts now, without changing them. Thread-safe; the fields are
     * read one by one, so a call running at the same time may show in some and not yet in others.
     *
     * @return the status
     */
    public Status status() {
        CircuitBreaker.State state = breaker.getState();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        boolean closed = state == CircuitBreaker.State.CLOSED;
        Instant since = closed ? null : openSince;
        Throwable by = closed ? null : openedBy;
        Instant trial = state == CircuitBreaker.State.OPEN && since != null ? since.plus(settings.openDuration()) : null;
        return new Status(settings.name(), state.name(), settings, metrics.getNumberOfFailedCalls(),
                metrics.getNumberOfSuccessfulCalls(), since, trial, by == null ? null : by.toString());
    }

    /**
     * Tells whether the breaker is open now, so that a retry ends instead of waiting for an attempt
     * it would refuse. Half-open is not open: a trial call may still be let through.
     *
     * @return {@code true} while open
     */
    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /**
     * Closes the breaker and drops its counts and the failure that opened it, as if it had just been
     * created: for tests, so that one test never inherits a breaker that another opened (the test kit
     * {@code resilient-io-test} resets every breaker around each test). Call it while no call runs
     * through the breaker; a transition it makes is published and logged at INFO as a reset.
     */
    public void reset() {
        resetBy = Thread.currentThread();
        try {
            breaker.reset();
        } finally {
            resetBy = null;
        }
        lastFailure = null;
        openedBy = null;
        openSince = null;
        trialSuccesses.set(0);
    }

    /**
     * Runs a body through the breaker: refused at once while open, counted afterwards.
     *
     * @param target the call's file, for the message of a refusal; may be {@code null}
     * @param body the rest of the call
     * @param <T> the result type
     * @return the body's result
     * @throws FileCircuitOpenException when the breaker refuses the call
     * @throws Throwable the body's failure, unchanged
     */
    public <T> T call(Path target, ThrowingSupplier<T, ? extends Throwable> body) throws Throwable {
        Permission permission = acquire(target);
        T result;
        try {
            result = body.get();
        } catch (Throwable failure) {
            permission.failed(failure);
            throw failure;
        }
        permission.succeeded();
        return result;
    }

    /**
     * Lets one call through, or refuses it at once while open, for callers that cannot run the call
     * inside {@link #call}, such as a coroutine that suspends in it. The permission must then be
     * ended exactly once: {@link Permission#succeeded()}, {@link Permission#failed(Throwable)}, or
     * {@link Permission#released()} when the call ended as neither (it was cancelled).
     *
     * @param target the call's file, for the message of a refusal; may be {@code null}
     * @return the permission, to end when the call ends
     * @throws FileCircuitOpenException when the breaker refuses the call
     */
    public Permission acquire(Path target) throws FileCircuitOpenException {
        boolean trial = false;
        CircuitBreaker.State before = breaker.getState();
        if (before == CircuitBreaker.State.OPEN || before == CircuitBreaker.State.HALF_OPEN) {
            // Taken before asking Resilience4j, whose permission turns an open breaker half-open.
            if (!trials.tryAcquire()) {
                throw refusal(target, before == CircuitBreaker.State.HALF_OPEN);
            }
            trial = true;
        }
        if (!breaker.tryAcquirePermission()) {
            if (trial) {
                trials.release();
            }
            throw refusal(target, breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        }
        return new Permission(trial);
    }

    /**
     * One call let through by {@link #acquire(Path)}: its outcome, told to the breaker once. Not
     * thread-safe: the caller that acquired it ends it.
     */
    public final class Permission {

        /** Whether the call is a trial call of a half-open breaker, holding one of its places. */
        private final boolean trial;
        private boolean ended;

        private Permission(boolean trial) {
            this.trial = trial;
        }

        /**
         * Counts the call as a success; a trial's success may close the breaker.
         *
         * @throws IllegalStateException when the permission was ended already
         */
        public void succeeded() {
            end();
            try {
                if (trial) {
                    // Counted first: the success below may close the breaker, and its log tells the count.
                    trialSuccesses.incrementAndGet();
                }
                breaker.onSuccess(0, TimeUnit.NANOSECONDS);
            } finally {
                releaseTrial();
            }
        }

        /**
         * Tells the breaker the call failed: counted when the failure says the place is unwell
         * (a failed trial then opens the breaker again at once), else neither failure nor success.
         *
         * @param failure what the call threw
         * @throws IllegalStateException when the permission was ended already
         */
        public void failed(Throwable failure) {
            end();
            try {
                FileBreaker.this.failed(failure);
            } finally {
                releaseTrial();
            }
        }

        /**
         * Gives the permission back uncounted, for a call that ended as neither success nor failure
         * (a cancelled coroutine): a half-open breaker lets another trial call through in its place.
         *
         * @throws IllegalStateException when the permission was ended already
         */
        public void released() {
            end();
            try {
                breaker.releasePermission();
            } finally {
                releaseTrial();
            }
        }

        private void end() {
            if (ended) {
                throw new IllegalStateException("the permission of circuit breaker " + settings.name()
                        + " was ended already: end each permission once");
            }
            ended = true;
        }

        private void releaseTrial() {
            if (trial) {
                trials.release();
            }
        }
    }

    private void failed(Throwable failure) {
        if (!failures.counts(failure)) {
            // Neither failure nor success: a half-open breaker gets the trial's place back, as Resilience4j does for an ignored one.
            breaker.releasePermission();
            return;
        }
        lastFailure = new OpeningFailure(failure);
        breaker.onError(0, TimeUnit.NANOSECONDS, failure);
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            try {
                breaker.transitionToOpenState();
            } catch (RuntimeException alreadyMoved) {
                // Another trial's failure opened it first; one opening is all this failure asks for.
            }
        }
    }

    private FileCircuitOpenException refusal(Path target, boolean halfOpen) {
        Instant since = openSince != null ? openSince : EngineClock.INSTANCE.instant();
        return new FileCircuitOpenException(settings.name(), since, halfOpen ? null : since.plus(settings.openDuration()),
                target, openedBy);
    }

    private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        CircuitBreaker.State to = event.getStateTransition().getToState();
        recordAndLog(from, to);
        if (Events.observed()) {
            Events.publish(new CircuitStateChanged(settings.name(), state(from), state(to),
                    to == CircuitBreaker.State.OPEN ? openedBy : null));
        }
    }

    /** The engine's own states: a forced-open breaker is open, a disabled one lets calls pass as a closed one does. */
    private static CircuitStateChanged.State state(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> CircuitStateChanged.State.OPEN;
            case HALF_OPEN -> CircuitStateChanged.State.HALF_OPEN;
            default -> CircuitStateChanged.State.CLOSED;
        };
    }

    private void recordAndLog(CircuitBreaker.State from, CircuitBreaker.State to) {
        if (resetBy == Thread.currentThread()) {
            LOG.info("Circuit breaker {} reset from {} to {}: its counts are dropped (FileBreaker.reset(), as between"
                    + " two tests)", settings.name(), from, to);
        } else if (to == CircuitBreaker.State.OPEN) {
            openSince = EngineClock.INSTANCE.instant();
            openedBy = lastFailure;
            if (from == CircuitBreaker.State.HALF_OPEN) {
                LOG.warn("Circuit breaker {} opened again: a trial call failed after {} of {} successful trial calls"
                        + " ({}); calls fail at once for {}, then up to {} trial call(s) at a time are let through",
                        settings.name(), trialSuccesses.get(), settings.successThreshold(), openedBy,
                        Durations.format(settings.openDuration()), settings.halfOpenMaxCalls());
            } else {
                LOG.warn("Circuit breaker {} opened after {} consecutive failures (the last: {}); calls fail at once"
                        + " for {}, then up to {} trial call(s) at a time are let through", settings.name(),
                        settings.failureThreshold(), openedBy,
                        Durations.format(settings.openDuration()), settings.halfOpenMaxCalls());
            }
        } else if (to == CircuitBreaker.State.HALF_OPEN) {
            trialSuccesses.set(0);
            LOG.info("Circuit breaker {} is half-open after {} open: it lets up to {} trial call(s) through at a time;"
                    + " {} successful ones close it, a failed one opens it again", settings.name(),
                    Durations.format(settings.openDuration()), settings.halfOpenMaxCalls(),
                    settings.successThreshold());
        } else if (to == CircuitBreaker.State.CLOSED) {
            LOG.info("Circuit breaker {} closed after {} of {} successful trial calls; it opens again after {}"
                    + " consecutive failures", settings.name(), trialSuccesses.get(),
                    settings.successThreshold(), settings.failureThreshold());
        } else {
            LOG.info("Circuit breaker {} moved from {} to {}", settings.name(), from, to);
        }
    }
}
