package dev.resilientio.core.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the delay after the {@code n}-th failed attempt is
 * {@code d = min(maxDelay, initialDelay * multiplier^(n-1))}, and the actual wait is uniform in
 * {@code [d * (1 - jitter), d]}, so it never exceeds the cap. Immutable and thread-safe.
 */
public final class BackoffSchedule {

    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final double jitter;

    /**
     * Creates a schedule; the values are expected to be validated already (see {@link RetrySettings}).
     *
     * @param initialDelay delay after the first failure, before jitter
     * @param maxDelay cap on any one delay
     * @param multiplier growth factor, at least 1.0
     * @param jitter from 0.0 to 1.0
     */
    public BackoffSchedule(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {
        this.initialNanos = saturatedNanos(initialDelay);
        this.maxNanos = saturatedNanos(maxDelay);
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Returns the delay after the {@code failedAttempts}-th failure, before jitter.
     *
     * @param failedAttempts how many attempts have failed, at least 1
     * @return {@code min(maxDelay, initialDelay * multiplier^(failedAttempts-1))}
     */
    public Duration baseDelay(int failedAttempts) {
        return Duration.ofNanos(baseNanos(failedAttempts));
    }

    private long baseNanos(int failedAttempts) {
        double nanos = initialNanos * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return nanos >= maxNanos ? maxNanos : (long) nanos;
    }

    /**
     * Returns the delay to wait after the {@code failedAttempts}-th failure, jitter applied.
     *
     * @param failedAttempts how many attempts have failed, at least 1
     * @param random the source of the jitter
     * @return a delay uniform in {@code [d * (1 - jitter), d]} where {@code d} is {@link #baseDelay(int)}
     */
    public Duration delay(int failedAttempts, RandomGenerator random) {
        long base = baseNanos(failedAttempts);
        if (jitter == 0.0 || base == 0) {
            return Duration.ofNanos(base);
        }
        double fraction = 1.0 - jitter * random.nextDouble();
        return Duration.ofNanos((long) (base * fraction));
    }
}
