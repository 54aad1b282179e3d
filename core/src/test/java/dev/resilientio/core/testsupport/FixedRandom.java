package dev.resilientio.core.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A random source that returns the doubles it was given, in order, then repeats the last one, so
 * that a test knows exactly which jitter the backoff applies.
 */
public final class FixedRandom implements RandomGenerator {

    private final Deque<Double> doubles = new ArrayDeque<>();
    private double last;

    private FixedRandom(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("give at least one value");
        }
        for (double value : values) {
            if (!(value >= 0.0 && value < 1.0)) {
                throw new IllegalArgumentException(value + " is outside [0, 1), which nextDouble() promises");
            }
            doubles.add(value);
        }
        last = values[values.length - 1];
    }

    /**
     * Returns a source whose {@code nextDouble()} yields these values, then the last one forever.
     *
     * @param values the values, each in [0, 1)
     * @return the source
     */
    public static FixedRandom returning(double... values) {
        return new FixedRandom(values);
    }

    @Override
    public synchronized double nextDouble() {
        Double next = doubles.poll();
        return next != null ? next : last;
    }

    @Override
    public long nextLong() {
        // The backoff only draws doubles; a draw of anything else means the test no longer controls it.
        throw new UnsupportedOperationException("FixedRandom only serves nextDouble()");
    }
}
