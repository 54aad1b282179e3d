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
        return breaker.call(call.target(), () -> next.apply(call));
    }
}
