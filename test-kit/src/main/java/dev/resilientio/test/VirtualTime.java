package dev.resilientio.test;

import dev.resilientio.core.EngineTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The engine's time for a test: backoffs between attempts pass at once and are recorded, a
 * breaker's open duration passes with {@link #advance(Duration)}, and no wait is ever longer than
 * the test needs. {@link ResilientIoExtension} installs one for each test and hands it to the test
 * as a parameter; without the extension, install one with {@code EngineTime.install(time)} and close
 * the handle after.
 *
 * <p>The clock moves only when the engine waits, by exactly the wait, or when the test advances it;
 * it is shared by every thread, so the waits of threads that wait at once add up. A backoff
 * ({@link #sleep}) moves it at once and is recorded in {@link #sleeps()}. A pause between two looks
 * at a lock that another thread or process holds ({@link #pause}) parks the thread for real for as
 * long as the engine asks (a few milliseconds at most), so that a real holder is waited for as in
 * production, and moves the clock by that pause times {@link #speedUpLockWaits(int) the speed-up}
 * (1 unless set): a lock timeout then passes that many times faster than real time.
 *
 * <p>Jitter: by default every backoff is exactly its configured delay ({@code 100ms}, then
 * {@code 200ms}, ...), because {@link #random()} draws zeros, which the engine turns into no jitter.
 * {@link #randomJitter(long)} draws it from a seeded random instead, the same waits on every run.
 *
 * <p>Thread-safe.
 */
public final class VirtualTime extends EngineTime {

    /** Where the clock starts: far from zero, so that no reading minus a duration is negative. */
    private static final long START_NANOS = 1_000_000_000_000L;

    private final List<Duration> sleeps = new ArrayList<>();
    private long now = START_NANOS;
    private volatile int lockWaitSpeedUp = 1;
    private volatile RandomGenerator random = NoJitter.INSTANCE;

    /** Creates a virtual time at its start, with no jitter and lock waits at real speed. */
    public VirtualTime() {
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /**
     * Passes a backoff at once: records it and moves the clock by it. As {@link Thread#sleep}, it
     * throws when the thread is interrupted, clearing the flag (the engine sets it again and stops
     * retrying).
     *
     * @param duration the backoff
     * @throws InterruptedException when the thread is interrupted
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a backoff of " + duration + " on virtual time");
        }
        synchronized (this) {
            sleeps.add(duration);
            now += duration.toNanos();
        }
    }

    /**
     * Pauses between two looks at a lock that is held: parks for real for the pause, then moves the
     * clock by the pause times the speed-up.
     *
     * @param duration the pause the engine asks for, a few milliseconds at most
     * @throws InterruptedException when the thread is interrupted
     */
    @Override
    public void pause(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        long moved = nanos * lockWaitSpeedUp;
        synchronized (this) {
            now += moved;
        }
    }

    /**
     * Returns the source of the backoffs' jitter: zeros (no jitter) unless {@link #randomJitter(long)} was called.
     *
     * @return the random generator, shared by every thread
     */
    @Override
    public RandomGenerator random() {
        return random;
    }

    /**
     * Moves the clock forward, as time passing while nothing waits: for a breaker's open duration, or
     * a deadline.
     *
     * @param duration how far; not negative
     * @return this time
     * @throws IllegalArgumentException when the duration is negative
     */
    public VirtualTime advance(Duration duration) {
        if (Objects.requireNonNull(duration, "duration").isNegative()) {
            throw new IllegalArgumentException("a virtual clock only moves forward; advance(" + duration + ") is negative");
        }
        long nanos = duration.toNanos();
        synchronized (this) {
            now += nanos;
        }
        return this;
    }

    /**
     * Returns how far the clock has moved since this time was created: backoffs, lock waits and
     * advances together.
     *
     * @return the virtual time elapsed
     */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now - START_NANOS);
    }

    /**
     * Returns the backoffs the engine waited, in the order they began, of every thread.
     *
     * @return an immutable copy; empty when no attempt was retried
     */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /**
     * Forgets the backoffs recorded so far, for a test that asserts the waits of one phase; the clock stays.
     */
    public synchronized void clearSleeps() {
        sleeps.clear();
    }

    /**
     * Draws the jitter of later backoffs from a random seeded with {@code seed}: the waits are jittered
     * as in production, and the same on every run of the test.
     *
     * @param seed the seed
     * @return this time
     */
    public VirtualTime randomJitter(long seed) {
        // java.util.Random is thread-safe, as one generator shared by every thread must be.
        random = new Random(seed);
        return this;
    }

    /**
     * Makes lock waits pass {@code factor} times faster than real time: each real pause between two
     * looks at a held lock moves the clock {@code factor} times as far. A {@code 5s} lock timeout
     * against a lock that another process never releases then takes 5 s / factor of real time; a lock
     * that a real thread holds for {@code t} is seen held for {@code factor * t}.
     *
     * @param factor 1 (the default: real speed) or more
     * @return this time
     * @throws IllegalArgumentException when the factor is below 1
     */
    public VirtualTime speedUpLockWaits(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("speedUpLockWaits(" + factor + "): the factor must be 1 (real speed) or more");
        }
        lockWaitSpeedUp = factor;
        return this;
    }

    @Override
    public String toString() {
        return "VirtualTime[elapsed " + elapsed() + ", " + sleeps().size() + " backoffs]";
    }

    /**
     * Zeros for every draw: the engine's jitter takes a fraction {@code 1 - jitter * nextDouble()} of
     * the delay, so a zero keeps the delay whole. Every draw of a {@link RandomGenerator} derives from
     * {@link #nextLong()}.
     */
    private static final class NoJitter implements RandomGenerator {

        static final NoJitter INSTANCE = new NoJitter();

        @Override
        public long nextLong() {
            return 0L;
        }
    }
}
