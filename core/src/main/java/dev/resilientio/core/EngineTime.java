package dev.resilientio.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How the engine reads the clock, waits and draws its jitter: for backoffs between attempts, lock
 * waits and per-call deadlines. The real time by default; a test installs its own (virtual time) so
 * that backoffs, lock timeouts and deadlines are asserted without waiting. Implementations are
 * thread-safe.
 */
public abstract class EngineTime {

    /** The real time: {@link System#nanoTime()}, {@link Thread#sleep(long, int)} and a thread-local random. */
    public static final EngineTime SYSTEM = new EngineTime() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long nanos = duration.toNanos();
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }

        @Override
        public RandomGenerator random() {
            return ThreadLocalRandom.current();
        }
    };

    private static volatile EngineTime current = SYSTEM;

    /** For subclasses. */
    protected EngineTime() {
    }

    /**
     * Returns the time every entry point of this JVM uses now.
     *
     * @return the installed time, {@link #SYSTEM} unless a test installed another
     */
    public static EngineTime current() {
        return current;
    }

    /**
     * Makes a time the one every entry point of this JVM uses (annotated methods, the facades, the
     * helpers), until the returned handle is closed. For tests; not for production code.
     *
     * @param time the time to use
     * @return closing it restores the time installed before
     */
    public static Installed install(EngineTime time) {
        Objects.requireNonNull(time, "time");
        EngineTime previous = current;
        current = time;
        return () -> current = previous;
    }

    /**
     * Tells whether this is the real time, whose waits can be left to the JDK's own timed waits.
     *
     * @return {@code true} for {@link #SYSTEM}
     */
    public final boolean isSystem() {
        return this == SYSTEM;
    }

    /**
     * Returns the current value of a monotonic clock, in nanoseconds, as {@link System#nanoTime()} does.
     *
     * @return the clock's value
     */
    public abstract long nanoTime();

    /**
     * Waits for a duration between two attempts (a backoff). When it returns, {@link #nanoTime()} must
     * have moved forward by at least the duration: the engine's waits end by that clock.
     *
     * @param duration how long; never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public abstract void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits for a duration between two looks at a lock that another thread or process holds. A
     * virtual time that makes backoffs instant may still pause for real here (and move its clock by
     * as much), so that a lock held by a real thread of the same test is waited for as in production.
     * As for {@link #sleep}, {@link #nanoTime()} must move forward by at least the duration.
     *
     * @param duration how long, a few milliseconds at most; never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public void pause(Duration duration) throws InterruptedException {
        sleep(duration);
    }

    /**
     * Returns the source of the jitter of backoff delays.
     *
     * @return a random generator for the calling thread
     */
    public abstract RandomGenerator random();

    /** Restores the time that {@link #install} replaced. */
    @FunctionalInterface
    public interface Installed extends AutoCloseable {

        /** Restores the previous time. */
        @Override
        void close();
    }
}
