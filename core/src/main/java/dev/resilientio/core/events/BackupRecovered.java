package dev.resilientio.core.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A read found its file corrupt and read a backup instead ({@code @RecoverFromBackup}).
 *
 * @param operation the operation's name
 * @param target the corrupt file, as the caller named it
 * @param backup the backup that served the read
 * @param restored whether that backup was put back over the corrupt file
 * @param corruption what reading the file threw
 */
public record BackupRecovered(String operation, Path target, Path backup, boolean restored, Throwable corruption)
        implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the corrupt file, as the caller named it
     * @param backup the backup that served the read
     * @param restored whether that backup was put back over the corrupt file
     * @param corruption what reading the file threw
     */
    public BackupRecovered {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(corruption, "corruption");
    }
}
