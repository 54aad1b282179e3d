package dev.resilientio.examples;

import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads task files from a share that can go away: while it is down, every read fails with
 * {@code FileSystemException: Stale file handle} (ESTALE, what an NFS client reports when the server
 * lost track of the file), a transient error that the retry retries and a circuit breaker counts. Two
 * readers with the same retry, one behind the breaker {@value #BREAKER}; each counts the attempts of
 * its body and the time spent in it, so that the demo can tell the backoff apart. Thread-safe.
 */
public class OutageShare {

    /** The breaker's name, shared with every method that names it. */
    public static final String BREAKER = "tasks-share";
    /** Consecutive counted failures that open the breaker. */
    public static final int FAILURE_THRESHOLD = 5;
    /** How long the breaker stays open before it lets a trial call through; short, so the demo stays quick. */
    public static final String OPEN_DURATION = "2s";
    /** Attempts per read, for both readers. */
    public static final int MAX_ATTEMPTS = 3;
    /** The first backoff (then twice as long), short so the demo stays quick; no jitter, so the figures repeat. */
    public static final String INITIAL_DELAY = "20ms";

    private final AtomicBoolean down = new AtomicBoolean();
    private final Tally guarded = new Tally();
    private final Tally unguarded = new Tally();

    /**
     * Takes the share down or brings it back.
     *
     * @param isDown {@code true} for every read to fail with "Stale file handle" from now on
     */
    public void down(boolean isDown) {
        down.set(isDown);
    }

    /**
     * Reads the task list through the breaker {@value #BREAKER}: each attempt passes through it, and
     * once it is open a read fails at once with {@code FileCircuitOpenException}, without retrying.
     *
     * @param file the task file
     * @return the tasks
     * @throws IOException "Stale file handle" after the attempts while the share is down, or
     *     {@code FileCircuitOpenException} while the breaker is open
     */
    @RetryFileOperation(maxAttempts = MAX_ATTEMPTS, initialDelay = INITIAL_DELAY, jitter = 0)
    @FileCircuitBreaker(name = BREAKER, failureThreshold = FAILURE_THRESHOLD, openDuration = OPEN_DURATION)
    public List<Task> readWithBreaker(Path file) throws IOException {
        return guarded.read(file);
    }

    /**
     * Reads the task list with the same retry and no breaker: while the share is down, every read
     * waits out all its backoffs before it fails.
     *
     * @param file the task file
     * @return the tasks
     * @throws IOException "Stale file handle" after the attempts while the share is down
     */
    @RetryFileOperation(maxAttempts = MAX_ATTEMPTS, initialDelay = INITIAL_DELAY, jitter = 0)
    public List<Task> readWithoutBreaker(Path file) throws IOException {
        return unguarded.read(file);
    }

    /**
     * Returns the counts of the reader behind the breaker.
     *
     * @return its tally, live
     */
    public Tally withBreaker() {
        return guarded;
    }

    /**
     * Returns the counts of the reader without a breaker.
     *
     * @return its tally, live
     */
    public Tally withoutBreaker() {
        return unguarded;
    }

    /** What one reader's body did: its attempts and the time spent in them, on the engine's clock. Thread-safe. */
    public final class Tally {

        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicLong nanos = new AtomicLong();

        private Tally() {
        }

        private List<Task> read(Path file) throws IOException {
            EngineTime time = EngineTime.current();
            long start = time.nanoTime();
            attempts.incrementAndGet();
            try {
                if (down.get()) {
                    throw new FileSystemException(file.toString(), null, "Stale file handle");
                }
                return TaskJson.parse(Files.readAllBytes(file));
            } finally {
                nanos.addAndGet(time.nanoTime() - start);
            }
        }

        /**
         * Returns how many times the body ran, all calls together.
         *
         * @return the attempts
         */
        public int attempts() {
            return attempts.get();
        }

        /**
         * Returns the time spent in the body, all attempts together, on the engine's clock.
         *
         * @return nanoseconds
         */
        public long bodyNanos() {
            return nanos.get();
        }
    }
}
