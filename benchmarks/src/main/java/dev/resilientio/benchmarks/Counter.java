package dev.resilientio.benchmarks;

/**
 * The JSON document P4's processes increment: {@code {"value": n}}.
 *
 * @param value the number of increments so far
 */
public record Counter(long value) {

    /**
     * Returns the counter one higher.
     *
     * @return the next counter
     */
    public Counter next() {
        return new Counter(value + 1);
    }
}
