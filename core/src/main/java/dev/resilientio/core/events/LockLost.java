package dev.resilientio.core.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An atomic write under an exclusive lock across hosts was stopped just before its rename, because
 * the lock was lost (its session ended) or a later holder had committed to the target since: the call
 * fails with {@code FileLockLostException} and the target is left as the newer holder wrote it.
 *
 * @param operation the operation's name
 * @param target the file, resolved
 * @param token the fencing token of the lost grant, or -1 when it could not be read
 * @param reason what was found, such as {@code its lock node ... is gone: the ZooKeeper session that held it expired}
 */
public record LockLost(String operation, Path target, long token, String reason) implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file, resolved
     * @param token the fencing token of the lost grant, or -1 when it could not be read
     * @param reason what was found
     */
    public LockLost {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }
}
