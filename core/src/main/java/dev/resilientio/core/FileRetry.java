package dev.resilientio.core;

import dev.resilientio.core.internal.LazyLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Runs an operation with the retries of its {@link RetrySettings}: the engine behind
 * {@code @RetryFileOperation} and every {@link ResilientFiles} call. Immutable and thread-safe;
 * build one per operation and reuse it.
 *
 * <p>Failures that {@link RetrySettings#shouldRetry(Throwable)} rejects are rethrown at once. When
 * the attempts run out, the last failure is rethrown unchanged with the earlier ones attached as
 * suppressed (the first 32 of them). An interrupt during a backoff stops at once: the thread's interrupt flag stays set
 * and the last failure is rethrown. Each retry logs one WARN line, and running out logs one more.
 * A call made while the same thread is already inside a retrying operation runs once: the
 * outermost operation owns the attempts.
 *
 * <p>The loop is ours rather than a Resilience4j {@code Retry}, because that one sleeps through a
 * JVM-global function (no per-operation injected time), does not attach earlier failures as
 * suppressed, and would multiply budgets when nested; the backoff itself is a Resilience4j
 * {@code IntervalBiFunction} ({@link BackoffSchedule}).
 */
public final class FileRetry {

    private static final LazyLogger LOG = new LazyLogger(FileRetry.class);

    /** Earlier failures kept as suppressed; a long budget must not hold every one of them. */
    private static final int MAX_SUPPRESSED = 32;

    /** Depth of retrying operations on this thread; above zero, inner operations run once. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final String operation;
    private final RetrySettings settings;
    private final BackoffSchedule backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    private FileRetry(String operation, RetrySettings settings, Sleeper sleeper, RandomGenerator random) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = settings.backoff();
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = random;
    }

    /**
     * Creates the retry of one operation with real sleeping and a thread-local random source.
     *
     * @param operation the operation name, for logs
     * @param settings the settings
     * @return the retry
     */
    public static FileRetry of(String operation, RetrySettings settings) {
        return new FileRetry(operation, settings, Sleeper.SYSTEM, null);
    }

    /**
     * Creates the retry of one operation with injected time, for tests and simulations.
     *
     * @param operation the operation name, for logs
     * @param settings the settings
     * @param sleeper how to wait between attempts
     * @param random the source of the jitter
     * @return the retry
     */
    public static FileRetry of(String operation, RetrySettings settings, Sleeper sleeper, RandomGenerator random) {
        return new FileRetry(operation, settings, sleeper, Objects.requireNonNull(random, "random"));
    }

    /**
     * Returns the operation name.
     *
     * @return the name
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public RetrySettings settings() {
        return settings;
    }

    /**
     * Tells whether the calling thread is inside a retrying operation, where inner operations run once.
     *
     * @return {@code true} inside a retrying operation
     */
    public static boolean isRetrying() {
        return DEPTH.get()[0] > 0;
    }

    /**
     * Marks the calling thread as inside a retrying operation until the returned mark is closed, so
     * that retrying operations started on it meanwhile run once. For code whose retry loop is not
     * this class's, such as a coroutine that resumes on several threads and marks each in turn.
     * Close the mark on the thread that made it.
     *
     * @return the mark; closing it a second time does nothing
     */
    public static RetryingMark markRetrying() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return new RetryingMark(depth);
    }

    /** A thread's mark of being inside a retrying operation; see {@link #markRetrying()}. */
    public static final class RetryingMark implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private RetryingMark(int[] depth) {
            this.depth = depth;
        }

        /** Removes the mark. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }

    /**
     * Runs the operation, retrying it as the settings say.
     *
     * @param target the file the operation works on, for logs; may be {@code null}
     * @param body the operation
     * @param <T> the result type
     * @param <X> the checked exception the operation throws
     * @return the operation's result
     * @throws X the last failure, unchanged, with earlier ones suppressed
     */
    public <T, X extends Throwable> T call(Object target, ThrowingSupplier<T, X> body) throws X {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            return body.get();
        }
        depth[0]++;
        try {
            return settings.maxAttempts() == 1 ? body.get() : loop(target, body);
        } finally {
            depth[0]--;
        }
    }

    private <T, X extends Throwable> T loop(Object target, ThrowingSupplier<T, X> body) throws X {
        int max = settings.maxAttempts();
        List<Throwable> earlier = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return body.get();
            } catch (Throwable failure) {
                if (attempt >= max || !settings.shouldRetry(failure)) {
                    if (attempt >= max && attempt > 1) {
                        LOG.get().warn("{} failed on attempt {}/{} on {}, giving up: {}", operation, attempt, max, target,
                                failure.toString());
                    }
                    throw FileRetry.<X>withSuppressed(failure, earlier);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw FileRetry.<X>withSuppressed(failure, earlier);
                }
                Duration delay = backoff.delay(attempt, random != null ? random : ThreadLocalRandom.current());
                LOG.get().warn("{} failed on attempt {}/{} on {}, retrying in {}: {}", operation, attempt, max, target,
                        Durations.format(delay), failure.toString());
                if (earlier == null) {
                    earlier = new ArrayList<>(Math.min(max - 1, MAX_SUPPRESSED));
                }
                if (earlier.size() < MAX_SUPPRESSED) {
                    earlier.add(failure);
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    earlier.remove(failure);
                    throw FileRetry.<X>withSuppressed(failure, earlier);
                }
            }
        }
    }

    /** Attaches the earlier failures to the last one and rethrows it as the type the body declared. */
    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X withSuppressed(Throwable last, List<Throwable> earlier) {
        if (earlier != null) {
            for (Throwable previous : earlier) {
                if (previous != last) {
                    last.addSuppressed(previous);
                }
            }
        }
        return (X) last;
    }
}
