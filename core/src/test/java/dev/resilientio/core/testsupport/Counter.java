package dev.resilientio.core.testsupport;

/** The JSON document the lost-update test increments: {@code {"value": n}}. */
public record Counter(int value) {

    /** Returns the counter one higher. */
    public Counter increment() {
        return new Counter(value + 1);
    }
}
