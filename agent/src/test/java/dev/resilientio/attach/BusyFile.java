package dev.resilientio.attach;

import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A read that meets a busy file on its first two attempts; loaded and called before the agent attaches. */
public class BusyFile {

    /** Attempts made so far. */
    public int attempts;

    /**
     * Reads the file, failing the first two times.
     *
     * @param file the file
     * @return its content
     * @throws IOException on the first two attempts
     */
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    public String read(Path file) throws IOException {
        attempts++;
        if (attempts < 3) {
            throw new IOException("Resource temporarily unavailable (attempt " + attempts + ")");
        }
        return Files.readString(file);
    }
}
