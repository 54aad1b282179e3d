package dev.resilientio.examples;

import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads task files from a share that misbehaves on purpose: the first reads meet a busy file, as on
 * a network file system under load. Counts the attempts, so that the demo can show the retries.
 * Thread-safe.
 */
public class FlakyShare {

    private final TaskStore store = new ResilientTaskStore();
    private final AtomicInteger busyLeft;
    private final AtomicInteger attempts = new AtomicInteger();

    /**
     * Creates the share.
     *
     * @param busyReads how many reads fail with "Resource busy" before the share answers
     */
    public FlakyShare(int busyReads) {
        this.busyLeft = new AtomicInteger(busyReads);
    }

    /**
     * Reads the task list, failing with {@code IOException("Resource busy")} while the share is busy:
     * a transient error, retried with backoff (50 ms, then 100 ms, ...), each retry logged at WARN.
     *
     * @param file the task file
     * @return the tasks
     * @throws IOException when the share stays busy for all five attempts
     */
    @RetryFileOperation(maxAttempts = 5, initialDelay = "50ms", jitter = 0)
    public List<Task> readTasks(Path file) throws IOException {
        attempts.incrementAndGet();
        if (busyLeft.getAndDecrement() > 0) {
            throw new IOException("Resource busy");
        }
        return store.load(file);
    }

    /**
     * Reads a file's bytes; a missing file is a permanent error, which fails after one attempt.
     *
     * @param file the file
     * @return its content
     * @throws IOException such as {@code NoSuchFileException}, at once
     */
    @RetryFileOperation(maxAttempts = 5, initialDelay = "50ms", jitter = 0)
    public byte[] readBytes(Path file) throws IOException {
        attempts.incrementAndGet();
        return Files.readAllBytes(file);
    }

    /**
     * Returns the attempts made so far, by all methods.
     *
     * @return the count
     */
    public int attempts() {
        return attempts.get();
    }
}
