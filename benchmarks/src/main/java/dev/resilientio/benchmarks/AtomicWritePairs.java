package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.AtomicSubject;
import com.sun.management.ThreadMXBean;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * P2's second view (not JMH): the durable {@code @AtomicWrite} subject and the hand-written durable
 * sequence timed in pairs of blocks in one JVM, on one file, each pair starting with the other side
 * than the last, so that the disk's drift (its fsync latency moves by tens of percent within a
 * minute on a shared machine) falls on both sides of a pair alike. The ratio is the median of the
 * pairs' ratios. JMH runs each subject in its own forks, minutes apart, which is what lets that
 * drift into its ratio.
 *
 * <p>Arguments: the JSON file to write the result to, the number of pairs, the writes per block, then
 * the payload sizes in bytes.
 */
public final class AtomicWritePairs {

    private static final int WARM_UP_PAIRS = 3;
    /**
     * Writes of each side before any pair is timed, so that both are timed as a running service runs
     * them, compiled by C2: the engine's commit path reaches C2 only after about 10,000 calls
     * ({@code -XX:+PrintCompilation}), and timed before that, its profiled C1 code added about 100 us
     * of CPU per write against the hand-written sequence's few JDK calls.
     */
    private static final int WARM_UP_WRITES = 20_000;
    /** The calling thread's CPU time: what each side's own code and system calls cost, apart from waiting on the disk. */
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AtomicWritePairs() {
    }

    /**
     * Runs the pairs for each size.
     *
     * @param args result file, pairs, writes per block, sizes
     * @throws Exception when a write fails
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int pairs = Integer.parseInt(args[1]);
        int writes = Integer.parseInt(args[2]);
        WeavingCheck.verify(AtomicSubject.class);
        PayloadWriter annotated = new AtomicSubject();
        PayloadWriter handWritten = new HandWrittenDurableWrite();
        warmUp(annotated, handWritten);
        List<String> entries = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            int size = Integer.parseInt(args[i]);
            Path directory = BenchFiles.freshDirectory("p2-pairs-");
            try {
                Path file = directory.resolve("data.bin");
                byte[] payload = BenchFiles.payload(size);
                Files.write(file, payload);
                double[] ratios = new double[pairs];
                double[] annotatedMicros = new double[pairs];
                double[] handMicros = new double[pairs];
                double[] annotatedCpu = new double[pairs];
                double[] handCpu = new double[pairs];
                for (int pair = -WARM_UP_PAIRS; pair < pairs; pair++) {
                    boolean annotatedFirst = (pair & 1) == 0;
                    double[] first = block(annotatedFirst ? annotated : handWritten, file, payload, writes);
                    double[] second = block(annotatedFirst ? handWritten : annotated, file, payload, writes);
                    if (pair >= 0) {
                        double[] a = annotatedFirst ? first : second;
                        double[] h = annotatedFirst ? second : first;
                        annotatedMicros[pair] = a[0];
                        handMicros[pair] = h[0];
                        annotatedCpu[pair] = a[1];
                        handCpu[pair] = h[1];
                        ratios[pair] = annotatedMicros[pair] / handMicros[pair];
                    }
                }
                String entry = String.format(Locale.ROOT, "\"%d\": {\"pairs\": %d, \"writes_per_block\": %d, \"warm_up_writes\": %d,"
                        + " \"ratio_median\": %.4f, \"ratio_quartiles\": [%.4f, %.4f],"
                        + " \"annotated_us_median\": %.1f, \"hand_written_us_median\": %.1f,"
                        + " \"annotated_cpu_us_median\": %.1f, \"hand_written_cpu_us_median\": %.1f, \"ratios\": %s}",
                        size, pairs, writes, WARM_UP_WRITES, median(ratios), quantile(ratios, 0.25), quantile(ratios, 0.75),
                        median(annotatedMicros), median(handMicros), median(annotatedCpu), median(handCpu),
                        Arrays.toString(round(ratios)));
                System.out.println("P2 pairs, " + size + " B: " + entry);
                entries.add(entry);
            } finally {
                BenchFiles.delete(directory);
            }
        }
        Files.writeString(result, "{" + String.join(",\n", entries) + "}\n");
    }

    /** Both sides' {@link #WARM_UP_WRITES}, interleaved in blocks, on a 4 KiB file of their own. */
    private static void warmUp(PayloadWriter annotated, PayloadWriter handWritten) throws IOException {
        Path directory = BenchFiles.freshDirectory("p2-warm-up-");
        try {
            Path file = directory.resolve("data.bin");
            byte[] payload = BenchFiles.payload(4096);
            Files.write(file, payload);
            long start = System.nanoTime();
            for (int done = 0; done < WARM_UP_WRITES; done += 1000) {
                block(annotated, file, payload, 1000);
                block(handWritten, file, payload, 1000);
            }
            System.out.printf(Locale.ROOT, "P2 pairs: warmed up, %,d writes of each side in %.1f s%n", WARM_UP_WRITES,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            BenchFiles.delete(directory);
        }
    }

    /** Microseconds per write of one block of one side: real time, then the calling thread's CPU time. */
    private static double[] block(PayloadWriter writer, Path file, byte[] payload, int writes) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            writer.write(file, payload);
        }
        long elapsed = System.nanoTime() - start;
        return new double[] {elapsed / 1e3 / writes, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / writes};
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** A quantile of the values, interpolated between the two nearest (SeedPairs' too). */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double index = q * (sorted.length - 1);
        int low = (int) Math.floor(index);
        int high = (int) Math.ceil(index);
        return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
    }

    /** The values to three decimals, for the JSON (SeedPairs' too). */
    static double[] round(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = Math.round(values[i] * 1000) / 1000.0;
        }
        return rounded;
    }
}
