package dev.resilientio.conflictingapp;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The application's annotated file operations, compiled by plain javac: only the agent applies them. */
public class Journal {

    private int readAttempts;

    /** Creates the journal; it holds no state but the attempts of {@link #readBusy}. */
    public Journal() {
    }

    /**
     * Reads a file that is busy on the first two attempts.
     *
     * @param file the file
     * @return its contents and the attempts it took
     * @throws IOException when the file is busy or cannot be read
     */
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    public String readBusy(Path file) throws IOException {
        readAttempts++;
        if (readAttempts < 3) {
            throw new IOException("Resource temporarily unavailable (attempt " + readAttempts + ")");
        }
        return Files.readString(file) + " after " + readAttempts + " attempts";
    }

    /**
     * Writes an entry to the file it is handed.
     *
     * @param file the journal (a temp file beside it, under {@code @AtomicWrite})
     * @param entry what to write
     * @return the file it was handed
     * @throws IOException when the file cannot be written
     */
    @FileLocked
    @AtomicWrite
    public Path write(Path file, String entry) throws IOException {
        Files.writeString(file, entry);
        return file;
    }

    /**
     * Writes a file under its exclusive lock, waiting for the lock no more than 200 ms.
     *
     * @param file the file
     * @throws IOException when the lock is held elsewhere for longer, or the file cannot be written
     */
    @FileLocked(timeout = "200ms")
    public void touch(Path file) throws IOException {
        Files.writeString(file, "touched");
    }
}
