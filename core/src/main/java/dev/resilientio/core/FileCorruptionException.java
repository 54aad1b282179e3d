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
        super(message(file, triedBackups, cause), cause);
        this.file = file;
        this.triedBackups = List.copyOf(triedBackups);
    }

    private static String message(Path file, List<Path> triedBackups, Throwable cause) {
        String backups = triedBackups.isEmpty()
                ? "no backup exists to recover from (keep some with @AtomicWrite(backups = N) or RESILIENT_IO_ATOMIC_BACKUPS)"
                : "none of its " + triedBackups.size() + " backups " + triedBackups + " is valid either";
        return file + " is unreadable or invalid (" + cause + ") and " + backups
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
