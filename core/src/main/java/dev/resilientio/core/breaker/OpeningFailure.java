package dev.resilientio.core.breaker;

import java.util.Objects;

/**
 * A copy of the failure that opened a circuit breaker, the cause of every
 * {@link dev.resilientio.core.FileCircuitOpenException} it throws while open: the original's type
 * name, message and stack trace, but not the original itself, which belongs to the call that failed
 * (its retry goes on adding suppressed failures to it, and a recovery file's notice may hang on it).
 * It takes no suppressed exceptions and has no cause, so the refusals of many calls can share it.
 * Immutable, serializable and thread-safe.
 */
public final class OpeningFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The original's class name, such as {@code java.io.IOException}. */
    private final String typeName;

    /**
     * Copies a failure.
     *
     * @param original the failure that opened the breaker
     */
    public OpeningFailure(Throwable original) {
        super(Objects.requireNonNull(original, "original").getMessage(), null, false, true);
        this.typeName = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /**
     * Returns the class name of the failure this copies.
     *
     * @return such as {@code java.io.IOException}
     */
    public String typeName() {
        return typeName;
    }

    /**
     * Reads as the original does: its class name and message.
     *
     * @return such as {@code java.io.IOException: Stale file handle}
     */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? typeName : typeName + ": " + message;
    }
}
