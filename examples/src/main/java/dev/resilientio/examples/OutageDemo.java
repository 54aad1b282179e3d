package dev.resilientio.examples;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.FileBreaker;
import dev.resilientio.core.rules.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.MDC;

/**
 * The circuit-breaker demo: a share goes away; the same reads, with the same retry, are made without
 * a breaker and with one, and their speed and latency measured; then the share comes back, and after
 * the open duration two successful trial calls close the breaker again.
 */
public final class OutageDemo {

    /** Reads made through each reader while the share is down. */
    public static final int CALLS = 50;
    /**
     * The MDC entry under which the demo's logback.xml drops log lines: the 150 retry WARNs of the
     * reader without a breaker would bury the breaker's lines.
     */
    static final String QUIET_KEY = "resilientio-demo";
    static final String QUIET_VALUE = "quiet";
    /** What the demo waits beyond the open duration before its first trial call. */
    static final Duration TRIAL_MARGIN = Duration.ofMillis(10);
    private static final List<String> EXPECTED_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN", "CLOSED");

    private OutageDemo() {
    }

    /**
     * What a run of reads did, measured on the engine's clock.
     *
     * @param calls the reads made
     * @param totalNanos their time together
     * @param latencies each read's time, sorted
     * @param bodyAttempts how many times the readers' body ran during them
     * @param backoffNanos their time outside the body: the backoffs (and the engine's own small work)
     * @param refused reads failed at once by the open breaker
     */
    public record Figures(int calls, long totalNanos, List<Long> latencies, int bodyAttempts, long backoffNanos,
            int refused) {

        /**
         * Returns the reads per second.
         *
         * @return reads per second, or infinity when they took no measurable time
         */
        public double callsPerSecond() {
            return totalNanos == 0 ? Double.POSITIVE_INFINITY : calls * 1e9 / totalNanos;
        }

        /**
         * Returns the mean latency.
         *
         * @return nanoseconds
         */
        public long meanNanos() {
            return calls == 0 ? 0 : totalNanos / calls;
        }

        /**
         * Returns the median latency.
         *
         * @return nanoseconds
         */
        public long p50Nanos() {
            return latencies.isEmpty() ? 0 : latencies.get((latencies.size() - 1) / 2);
        }

        /**
         * Returns the longest latency.
         *
         * @return nanoseconds
         */
        public long maxNanos() {
            return latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
        }
    }

    /**
     * What the demo saw.
     *
     * @param without the reads without a breaker
     * @param with the reads with the breaker
     * @param refusedWhileBack whether a read with the share back but the breaker still open failed at once
     * @param states the breaker's state at the start, after the reads, after the first and after the second trial call
     * @param trialTasks tasks read by each trial call
     */
    public record Result(Figures without, Figures with, boolean refusedWhileBack, List<String> states,
            List<Integer> trialTasks) {

        /**
         * Returns whether the breaker did what it promises: the body ran at most {@value
         * OutageShare#FAILURE_THRESHOLD} times for all the reads with it (so at most that many
         * backoffs), the rest failed at once, its states went closed, open, half-open, closed, and
         * the reads without it each ran all their attempts.
         *
         * @return true when all of that holds
         */
        public boolean ok() {
            return with.bodyAttempts() <= OutageShare.FAILURE_THRESHOLD
                    && with.refused() >= CALLS - 2
                    && without.bodyAttempts() == CALLS * OutageShare.MAX_ATTEMPTS
                    && refusedWhileBack
                    && states.equals(EXPECTED_STATES)
                    && trialTasks.size() == 2 && trialTasks.stream().allMatch(count -> count > 0);
        }
    }

    /**
     * Takes a share down, reads {@code file} {@value #CALLS} times without and then with the breaker,
     * brings the share back, waits the open duration and makes two trial calls, printing each step.
     *
     * @param file a task file holding some tasks
     * @param out where the lines go
     * @return what happened
     * @throws IOException when a trial call fails
     * @throws InterruptedException when interrupted while waiting the open duration
     */
    public static Result run(Path file, PrintStream out) throws IOException, InterruptedException {
        OutageShare share = new OutageShare();
        List<String> states = new ArrayList<>();
        states.add(state());
        share.down(true);
        out.printf("the share goes away: every read fails with \"Stale file handle\" (ESTALE); %d reads through each"
                + " reader, %d attempts each, backoff %s then twice that%n", CALLS, OutageShare.MAX_ATTEMPTS,
                OutageShare.INITIAL_DELAY);
        out.printf("%d reads without a breaker (their %d retry WARN lines are left out):%n", CALLS,
                CALLS * (OutageShare.MAX_ATTEMPTS));
        out.flush();
        Figures without;
        MDC.put(QUIET_KEY, QUIET_VALUE);
        try {
            without = measure(share, false, file);
        } finally {
            MDC.remove(QUIET_KEY);
        }
        out.printf("%d reads with @FileCircuitBreaker(name = \"%s\", failureThreshold = %d, openDuration = \"%s\"):%n",
                CALLS, OutageShare.BREAKER, OutageShare.FAILURE_THRESHOLD, OutageShare.OPEN_DURATION);
        out.flush();
        Figures with = measure(share, true, file);
        states.add(state());
        out.println("                 calls/s  mean ms  p50 ms  max ms  body attempts  backoff total ms"
                + "  failed at once");
        print(out, "without breaker", without);
        print(out, "with breaker", with);

        share.down(false);
        boolean refusedWhileBack = false;
        try {
            share.readWithBreaker(file);
            out.println("the share is back, and the breaker let a read through before its open duration ended");
        } catch (FileCircuitOpenException open) {
            refusedWhileBack = true;
            out.println("the share is back, but the breaker is still open, so a read fails at once:");
            out.println("  " + open.getMessage());
        }
        out.printf("waiting %s, the breaker's open duration, and a moment more...%n", OutageShare.OPEN_DURATION);
        out.flush();
        // A trial call is let through once the open duration has passed, strictly after its end.
        EngineTime.current().sleep(Durations.parse(OutageShare.OPEN_DURATION).plus(TRIAL_MARGIN));
        List<Integer> trialTasks = new ArrayList<>();
        for (int trial = 1; trial <= 2; trial++) {
            int tasks = share.readWithBreaker(file).size();
            trialTasks.add(tasks);
            states.add(state());
            out.printf("trial call %d: read %d tasks; breaker %s is %s%n", trial, tasks, OutageShare.BREAKER,
                    states.get(states.size() - 1));
            out.flush();
        }
        return new Result(without, with, refusedWhileBack, List.copyOf(states), List.copyOf(trialTasks));
    }

    private static Figures measure(OutageShare share, boolean withBreaker, Path file) {
        OutageShare.Tally tally = withBreaker ? share.withBreaker() : share.withoutBreaker();
        int attemptsBefore = tally.attempts();
        long bodyBefore = tally.bodyNanos();
        EngineTime time = EngineTime.current();
        long[] latencies = new long[CALLS];
        int refused = 0;
        for (int i = 0; i < CALLS; i++) {
            long start = time.nanoTime();
            try {
                if (withBreaker) {
                    share.readWithBreaker(file);
                } else {
                    share.readWithoutBreaker(file);
                }
            } catch (FileCircuitOpenException open) {
                refused++;
            } catch (IOException expected) {
                // The share is down: every read fails; the figures are the point.
            }
            latencies[i] = time.nanoTime() - start;
        }
        long total = Arrays.stream(latencies).sum();
        Arrays.sort(latencies);
        return new Figures(CALLS, total, Arrays.stream(latencies).boxed().toList(), tally.attempts() - attemptsBefore,
                total - (tally.bodyNanos() - bodyBefore), refused);
    }

    private static void print(PrintStream out, String label, Figures figures) {
        out.printf("%-15s %9s %8s %7s %7s %14d %17s %15d%n", label, rate(figures.callsPerSecond()),
                millis(figures.meanNanos()), millis(figures.p50Nanos()), millis(figures.maxNanos()),
                figures.bodyAttempts(), millis(figures.backoffNanos()), figures.refused());
    }

    private static String rate(double perSecond) {
        return Double.isInfinite(perSecond) ? "-" : String.format("%,.0f", perSecond);
    }

    private static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static String state() {
        FileBreaker breaker = BreakerRegistry.shared().find(OutageShare.BREAKER);
        // The breaker is made by the first call that names it: before that, calls would pass as through a closed one.
        return breaker == null ? "CLOSED" : breaker.state();
    }
}
