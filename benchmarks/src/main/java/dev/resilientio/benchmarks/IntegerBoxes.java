package dev.resilientio.benchmarks;

/**
 * Gives {@code Integer.valueOf} the profile it has in any application before a benchmark that boxes
 * an int is compiled. Its profile is the whole JVM's: in an application small values (its cache)
 * come from everywhere, while a benchmark's body boxes the same large value on every call. Unless
 * both show in the profile, C2 compiles the box as an allocation that escape analysis removes in
 * some forks and not in others (16 B/op and 2 to 3 ns apart in Resilience4j's decorator, which boxes
 * the result: a run of 16 forks had one without it), as the order of compilations falls.
 */
final class IntegerBoxes {

    /** Keeps the boxes alive. */
    static volatile long sink;

    private IntegerBoxes() {
    }

    /** Boxes small and large values, interpreted and compiled, as an application does. */
    static void asInAnApplication() {
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += Integer.valueOf(i % 200 - 50).intValue() + Integer.valueOf(i * 31 + 1000).intValue();
        }
        sink = sum;
    }
}
