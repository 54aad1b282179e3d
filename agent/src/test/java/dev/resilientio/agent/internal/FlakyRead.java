package dev.resilientio.agent.internal;

import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A read that meets a busy file on its first two attempts, as a fixture of the advice test. */
public class FlakyRead implements FileOperation {

    private int attempts;

    @Override
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    public String run(Path file) throws IOException {
        attempts++;
        if (attempts < 3) {
            throw new IOException("Resource temporarily unavailable (attempt " + attempts + ")");
        }
        return Files.readString(file) + " after " + attempts + " attempts";
    }
}
