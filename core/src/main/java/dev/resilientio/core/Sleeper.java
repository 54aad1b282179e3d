package dev.resilientio.core;

import java.time.Duration;

/**
 * Waits between attempts. Injected so that tests assert computed delays without sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** The real sleeper: {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM = duration -> {
        long nanos = duration.toNanos();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    };

    /**
     * Waits for the duration.
     *
     * @param duration how long; never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
