package dev.resilientio.core.events;

import dev.resilientio.annotations.LockMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A wait for a lock ended without it: the call fails with {@code FileLockTimeoutException}.
 *
 * @param operation the operation's name
 * @param target the file
 * @param mode shared or exclusive
 * @param waited how long the call waited, on the engine's time
 * @param heldBy who held the lock when the wait ended, as far as known (a thread of this JVM, or
 *     another process); empty when not known
 */
public record LockTimedOut(String operation, Path target, LockMode mode, Duration waited, String heldBy)
        implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file
     * @param mode shared or exclusive
     * @param waited how long the call waited, on the engine's time
     * @param heldBy who held the lock when the wait ended, as far as known (a thread of this JVM, or
     *     another process); empty when not known
     */
    public LockTimedOut {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waited, "waited");
        heldBy = heldBy == null ? "" : heldBy;
    }
}
