package dev.resilientio.core.events;

import java.nio.file.Path;

/**
 * Something the engine did for one operation. Every event names its operation and the file it
 * worked on, except a circuit breaker's transition, which belongs to the breaker. Events are
 * immutable records; a listener may keep them.
 */
public sealed interface ResilientIoEvent permits RetryScheduled, RetriesExhausted, LockAcquired, LockTimedOut,
        LockLost, AtomicWriteCommitted, BackupRecovered, CircuitStateChanged, RecoveryFileWritten, CallCompleted {

    /**
     * Returns the operation's name, such as {@code TaskStore.save}.
     *
     * @return the name, or {@code null} for an event that belongs to no one operation (a breaker's transition)
     */
    String operation();

    /**
     * Returns the file the operation works on, as the caller named it.
     *
     * @return the file, or {@code null} when the operation has none
     */
    Path target();
}
