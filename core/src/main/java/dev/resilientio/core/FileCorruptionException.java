package dev.resilientio.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file and every backup of it failed to read or validate. It is permanent: retrying cannot help.
 * The first failure (of the file itself) is the cause; the backups' failures are suppressed.
 */
public class FileCorruptionException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient List<Path> triedBackups;

    /**
     * Creates the exception.
     *
     * @param file the file that failed to read or validate
     * @param triedBackups the backups that were tried and failed too, newest first (may be empty)
     * @param cause why the file itself failed
     */
    public FileCorruptionException(Path file, List<Path> triedBackups, Throwable cause) {
        this(file, triedBackups, List.of(), cause);
    }

    /**
     * Creates the exception for a recovery that also skipped files at backup names that it may not
     * trust (another user's, or not regular files); the reasons are among the suppressed exceptions.
     *
     * @param file the file that failed to read or validate
     * @param triedBackups the backups that were tried and failed too, newest first (may be empty)
     * @param skippedBackups files at backup names that were not read, newest first (may be empty)
     * @param cause why the file itself failed
     */
    public FileCorruptionException(Path file, List<Path> triedBackups, List<Path> skippedBackups, Throwable cause) {
        super(message(file, triedBackups, skippedBackups, cause), cause);
        this.file = file;
        this.triedBackups = List.copyOf(triedBackups);
    }

    private static String message(Path file, List<Path> triedBackups, List<Path> skippedBackups, Throwable cause) {
        String backups = triedBackups.isEmpty()
                ? skippedBackups.isEmpty()
                        ? "no backup exists to recover from (keep some with @AtomicWrite(backups = N) or RESILIENT_IO_ATOMIC_BACKUPS)"
                        : "no backup it may trust exists to recover from"
                : "none of its " + triedBackups.size() + " backups " + triedBackups + " is valid either";
        String untrusted = skippedBackups.isEmpty() ? ""
                : " (skipped " + skippedBackups + ": not regular files owned by the file's owner or this process's user)";
        return file + " is unreadable or invalid (" + cause + ") and " + backups + untrusted
                + ". Restore the file from elsewhere or delete it to start afresh.";
    }

    /**
     * Returns the file that failed.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the backups tried, newest first.
     *
     * @return the backups that failed too
     */
    public List<Path> triedBackups() {
        return triedBackups;
    }
}
