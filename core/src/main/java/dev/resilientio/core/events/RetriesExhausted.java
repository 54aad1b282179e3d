package dev.resilientio.core.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A call that had been retrying gave up: its last failure reaches the caller. A failure the
 * settings do not retry ends a call without this event.
 *
 * @param operation the operation's name
 * @param target the file, or {@code null}
 * @param attempts the attempts made
 * @param reason why no attempt follows
 * @param failure the last failure, as the caller receives it
 */
public record RetriesExhausted(String operation, Path target, int attempts, Reason reason, Throwable failure)
        implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file, or {@code null}
     * @param attempts the attempts made
     * @param reason why no attempt follows
     * @param failure the last failure, as the caller receives it
     */
    public RetriesExhausted {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failure, "failure");
    }

    /** Why a retrying call gave up. */
    public enum Reason {
        /** Every attempt the settings allow was made. */
        ATTEMPTS_USED_UP,
        /** The wait before the next attempt would end past the call's deadline. */
        DEADLINE,
        /** The call's circuit breaker is open, so the next attempt would be refused. */
        CIRCUIT_OPEN,
        /** The thread was interrupted: during an attempt that failed, or during the wait after it. */
        INTERRUPTED
    }
}
