package dev.resilientio.core.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An atomic write replaced its target. The steps' times are real (wall) time, whatever time the
 * engine waits on; a step the durability setting skips took {@code Duration.ZERO}.
 *
 * @param operation the operation's name
 * @param target the file replaced, symlinks resolved
 * @param bytes the size of the new content, or -1 when it could not be read
 * @param write from the temp's creation to the start of the commit: the body or the engine writing the content
 * @param fsync syncing the temp file's content
 * @param rename rotating backups, checking the temp and renaming it over the target
 * @param directoryFsync syncing the directory, which makes the rename durable
 * @param total from the temp's creation to the end of the commit
 */
public record AtomicWriteCommitted(String operation, Path target, long bytes, Duration write, Duration fsync,
        Duration rename, Duration directoryFsync, Duration total) implements ResilientIoEvent {

    /**
     * Checks the fields.
     *
     * @param operation the operation's name
     * @param target the file replaced, symlinks resolved
     * @param bytes the size of the new content, or -1 when it could not be read
     * @param write from the temp's creation to the start of the commit: the body or the engine writing the content
     * @param fsync syncing the temp file's content
     * @param rename rotating backups, checking the temp and renaming it over the target
     * @param directoryFsync syncing the directory, which makes the rename durable
     * @param total from the temp's creation to the end of the commit
     */
    public AtomicWriteCommitted {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(rename, "rename");
        Objects.requireNonNull(directoryFsync, "directoryFsync");
        Objects.requireNonNull(total, "total");
    }
}
