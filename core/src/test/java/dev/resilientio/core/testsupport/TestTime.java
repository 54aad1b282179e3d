package dev.resilientio.core.testsupport;

import dev.resilientio.core.EngineTime;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Virtual time for tests: a clock that moves only when the engine waits, by exactly the wait, and a
 * given sleeper and jitter source. Backoffs, lock timeouts and deadlines pass without real waiting.
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
    private long now = 1_000_000_000L;

    private TestTime(Sleeper sleeper, RandomGenerator random) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates a virtual time.
     *
     * @param sleeper what each wait does besides moving the clock
     * @param random the jitter source
     * @return the time
     */
    public static TestTime of(Sleeper sleeper, RandomGenerator random) {
        return new TestTime(sleeper, random);
    }

    /**
     * Creates a virtual time whose waits only move the clock, with no jitter reduction.
     *
     * @return the time
     */
    public static TestTime virtual() {
        return new TestTime(duration -> { }, FixedRandom.returning(0.0));
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
