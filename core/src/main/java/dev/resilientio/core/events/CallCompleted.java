package dev.resilientio.core.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A call of an operation ended: the last event of every call, whatever its outcome. A call made
 * inside another retrying call on the same thread runs once and has its own event.
 *
 * @param operation the operation's name
 * @param target the file, or {@code null}
 * @param outcome how it ended
 * @param attempts the attempts made (0 when a breaker refused the call)
 * @param duration from its start to its end, on the engine's time, waits included
 * @param failure what ended the call, or {@code null} on success: what the caller receives, except
 *     that an annotated method that does not declare {@code IOException} hands the engine's own
 *     {@code IOException} (a lock timeout, a failed commit) to its caller wrapped in {@code UncheckedIOException}
 */
public record CallCompleted(String operation, Path target, Outcome outcome, int attempts, Duration duration,
        Throwable failure) implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file, or {@code null}
     * @param outcome how it ended
     * @param attempts the attempts made (0 when a breaker refused the call)
     * @param duration from its start to its end, on the engine's time, waits included
     * @param failure what ended the call, or {@code null} on success
     */
    public CallCompleted {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }

    /** How a call ended. */
    public enum Outcome {
        /** Its first attempt succeeded. */
        SUCCESS,
        /** An attempt after a failed one succeeded. */
        SUCCESS_AFTER_RETRY,
        /** It failed: the caller receives its failure. */
        FAILED,
        /** A circuit breaker refused it: no attempt ran. */
        REFUSED_BY_BREAKER;

        /**
         * Returns the name used as a metric tag: {@code success}, {@code success_after_retry}, ...
         *
         * @return the name in lower case
         */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
