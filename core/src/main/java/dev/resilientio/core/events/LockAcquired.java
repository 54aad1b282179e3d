package dev.resilientio.core.events;

import dev.resilientio.annotations.LockMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A lock on a file was granted, to the threads of this JVM and to other processes alike.
 *
 * @param operation the operation's name
 * @param target the locked file
 * @param mode shared or exclusive
 * @param waited how long the call waited for it, on the engine's time: for a free lock, the moment it
 *     takes to open and lock its lock file ({@code Duration.ZERO} on a test's virtual time)
 */
public record LockAcquired(String operation, Path target, LockMode mode, Duration waited) implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the locked file
     * @param mode shared or exclusive
     * @param waited how long the call waited for it, on the engine's time
     */
    public LockAcquired {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waited, "waited");
    }
}
