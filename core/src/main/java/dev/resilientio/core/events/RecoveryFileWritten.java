package dev.resilientio.core.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An atomic write with {@code keepFailed} finally failed and its content was kept as a recovery file.
 *
 * @param operation the operation's name
 * @param target the file that could not be written
 * @param recoveryFile where the content is now
 * @param failure the failure the caller receives
 */
public record RecoveryFileWritten(String operation, Path target, Path recoveryFile, Throwable failure)
        implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file that could not be written
     * @param recoveryFile where the content is now
     * @param failure the failure the caller receives
     */
    public RecoveryFileWritten {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(recoveryFile, "recoveryFile");
        Objects.requireNonNull(failure, "failure");
    }
}
