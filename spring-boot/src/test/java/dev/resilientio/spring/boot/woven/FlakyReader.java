package dev.resilientio.spring.boot.woven;

import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reader woven by ajc whose first reads fail with a transient error: how many attempts it gets
 * shows which setting won. Its own attribute says 2 attempts; short delays keep the test quick.
 */
public class FlakyReader {

    private int failuresLeft;
    private int attempts;

    /**
     * Creates a reader that fails its first reads.
     *
     * @param failures how many attempts fail before one succeeds
     */
    public FlakyReader(int failures) {
        this.failuresLeft = failures;
    }

    /**
     * Reads a file, failing with a transient error while failures are left.
     *
     * @param file the file
     * @return its content
     * @throws IOException the transient error, when attempts run out
     */
    @RetryFileOperation(name = "Flaky.read", maxAttempts = 2, initialDelay = "1ms", maxDelay = "1ms")
    public String read(Path file) throws IOException {
        attempts++;
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new IOException("device busy (injected by the test)");
        }
        return Files.readString(file);
    }

    /**
     * Returns how many attempts the reads took.
     *
     * @return the attempts
     */
    public int attempts() {
        return attempts;
    }
}
