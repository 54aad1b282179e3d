package dev.resilientio.spring.boot.woven;

import dev.resilientio.annotations.FileCircuitBreaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reader of a share, woven by ajc, behind the breaker {@code sb-share} with the annotation's defaults:
 * while the test says the share is down, each read fails with a transient error, as a stale NFS mount
 * does. How many reads ran shows which calls the breaker refused.
 */
public class ShareReader {

    private final AtomicInteger runs = new AtomicInteger();
    private volatile boolean down;

    /**
     * Reads a file, or fails as an unwell share does while {@link #down(boolean)} says so.
     *
     * @param file the file
     * @return its content
     * @throws IOException the share's failure, or the breaker's refusal
     */
    @FileCircuitBreaker(name = "sb-share")
    public String read(Path file) throws IOException {
        runs.incrementAndGet();
        if (down) {
            throw new IOException("Input/output error (injected by the test)");
        }
        return Files.readString(file);
    }

    /**
     * Takes the share down or brings it back.
     *
     * @param down whether reads fail
     */
    public void down(boolean down) {
        this.down = down;
    }

    /**
     * Returns how many reads ran their body.
     *
     * @return the count
     */
    public int runs() {
        return runs.get();
    }
}
