package dev.resilientio.core.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A circuit breaker moved from one state to another. It belongs to the breaker, which the calls
 * of several operations may pass through: {@link #operation()} and {@link #target()} are {@code null}.
 *
 * @param breaker the breaker's name
 * @param from the state it left
 * @param to the state it is in now
 * @param lastFailure a copy of the failure that opened it (its type's name, message and stack trace,
 *     as {@code dev.resilientio.core.breaker.OpeningFailure}), when {@code to} is {@link State#OPEN};
 *     else {@code null}
 */
public record CircuitStateChanged(String breaker, State from, State to, Throwable lastFailure)
        implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param breaker the breaker's name
     * @param from the state it left
     * @param to the state it is in now
     * @param lastFailure a copy of the failure that opened it, when {@code to} is {@link State#OPEN}; else {@code null}
     */
    public CircuitStateChanged {
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /**
     * Returns {@code null}: a breaker's transition belongs to no one operation.
     *
     * @return {@code null}
     */
    @Override
    public String operation() {
        return null;
    }

    /**
     * Returns {@code null}: a breaker's transition belongs to no one file.
     *
     * @return {@code null}
     */
    @Override
    public Path target() {
        return null;
    }

    /** A circuit breaker's state. */
    public enum State {
        /** Calls pass; failures are counted. */
        CLOSED,
        /** Calls are refused at once with {@code FileCircuitOpenException}. */
        OPEN,
        /** A few trial calls pass; their outcome closes or opens the breaker again. */
        HALF_OPEN
    }
}
