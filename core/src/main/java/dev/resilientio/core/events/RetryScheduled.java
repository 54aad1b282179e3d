package dev.resilientio.core.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An attempt failed with an error the retry settings accept, and another attempt follows after a wait.
 *
 * @param operation the operation's name
 * @param target the file, or {@code null}
 * @param attempt the number of the attempt that failed, from 1
 * @param maxAttempts the attempts the settings allow in all
 * @param delay the wait before the next attempt, jitter included
 * @param failure what the failed attempt threw
 */
public record RetryScheduled(String operation, Path target, int attempt, int maxAttempts, Duration delay,
        Throwable failure) implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file, or {@code null}
     * @param attempt the number of the attempt that failed, from 1
     * @param maxAttempts the attempts the settings allow in all
     * @param delay the wait before the next attempt, jitter included
     * @param failure what the failed attempt threw
     */
    public RetryScheduled {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(failure, "failure");
    }
}
