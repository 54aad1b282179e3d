package dev.resilientio.core.pipeline;

import dev.resilientio.core.breaker.FileBreaker;

/**
 * Passes each attempt through a circuit breaker: inside the retry, so that every attempt counts and
 * an open breaker ends the retries at once; outside the lock, so that a refused call never waits
 * for a lock on a place that is down.
 */
final class CircuitBreakerPolicy extends Policy {

    private final FileBreaker breaker;

    CircuitBreakerPolicy(FileBreaker breaker, Policy next) {
        super(next);
        this.breaker = breaker;
    }

    @Override
    Object apply(Call call) throws Throwable {
        try {
            return breaker.call(call.target(), () -> next.apply(call));
        } catch (Throwable failure) {
            // Open now (this failure opened it, or another call did): the retry must not wait for an
            // attempt the breaker would refuse. Asked once per failure, when the outcome is known.
            call.openBreaker(breaker.isOpen() ? breaker.settings().name() : null);
            throw failure;
        }
    }
}
