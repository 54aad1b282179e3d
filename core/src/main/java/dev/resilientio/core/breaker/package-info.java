/**
 * Circuit breakers for places that fail (a share that is down, a full or read-only disk): one
 * Resilience4j breaker per name per JVM ({@link dev.resilientio.core.breaker.BreakerRegistry}),
 * what counts as a failure, and the engine's clock for its state machine.
 */
package dev.resilientio.core.breaker;
