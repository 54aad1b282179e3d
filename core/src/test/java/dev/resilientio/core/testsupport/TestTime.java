package dev.resilientio.core.testsupport;

import dev.resilientio.core.EngineTime;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Virtual time for tests: a clock that moves only when the engine waits, by exactly the wait, and a
 * given sleeper and jitter source. Backoffs pass without real waiting; so do the pauses of lock waits
 * with {@link #virtual()}, while {@link #of} pauses for real (moving the clock as much) so that a lock
 * held by a real thread of the test is waited for as in production.
 */
public final class TestTime extends EngineTime {

    /** What the engine's waits do, besides moving the clock: record, check, throw. */
    @FunctionalInterface
    public interface Sleeper {

        /**
         * Called for each wait.
         *
         * @param duration the wait
         * @throws InterruptedException to end the wait as an interrupt would
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final boolean virtualPauses;
    private long now = 1_000_000_000L;

    private TestTime(Sleeper sleeper, RandomGenerator random, boolean virtualPauses) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.virtualPauses = virtualPauses;
    }

    /**
     * Creates a virtual time.
     *
     * @param sleeper what each wait does besides moving the clock
     * @param random the jitter source
     * @return the time
     */
    public static TestTime of(Sleeper sleeper, RandomGenerator random) {
        return new TestTime(sleeper, random, false);
    }

    /**
     * Creates a virtual time whose waits, backoffs and lock pauses alike, only move the clock, with no
     * jitter reduction: a lock that nothing releases times out at once.
     *
     * @param sleeper what each backoff does besides moving the clock
     * @return the time
     */
    public static TestTime virtual(Sleeper sleeper) {
        return new TestTime(sleeper, FixedRandom.returning(0.0), true);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
        synchronized (this) {
            now += duration.toNanos();
        }
    }

    @Override
    public void pause(Duration duration) throws InterruptedException {
        if (!virtualPauses) {
            long nanos = duration.toNanos();
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } else if (Thread.interrupted()) {
            throw new InterruptedException("interrupted during a lock wait");
        }
        synchronized (this) {
            now += duration.toNanos();
        }
    }

    /**
     * Moves the clock forward without a wait, as time passing while the engine works.
     *
     * @param duration how far
     */
    public synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}
