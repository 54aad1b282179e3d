/**
 * What the engine does, as events: a retry scheduled, retries given up, a lock acquired after its
 * wait or timed out, an atomic write committed with the time of each step, a read recovered from a
 * backup, a circuit breaker's transition, a recovery file kept, and one event that closes every call
 * with its outcome. Register a {@link dev.resilientio.core.events.ResilientIoListener} with
 * {@link dev.resilientio.core.events.ResilientIoEvents#register}, or name it in
 * {@code META-INF/services/dev.resilientio.core.events.ResilientIoListener}. The same events are
 * JDK Flight Recorder events named {@code dev.resilientio.*}. With no listener and no recording the
 * engine builds no event and reads no extra clock.
 */
package dev.resilientio.core.events;
