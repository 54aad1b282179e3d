package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedSubject;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.weaving.WeavingCheck;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * P3 by hand on a loaded machine: the {@code @FileLocked} subject and {@link LockBenchmark}'s raw sequence
 * in alternating blocks of 2,000 operations in one JVM, timed by the thread's CPU time, so that other
 * processes sharing the cores move both sides alike. Prints the medians of 30 blocks.
 *
 * <p>Arguments: the directory, and {@code existing} to create the target first (the JMH benchmark's
 * target does not exist).
 */
public final class LockCpuBlocks {

    private static final int OPERATIONS = 2_000;
    private static final int BLOCKS = 30;
    private static final int WARM_UP = 100_000;

    private LockCpuBlocks() {
    }

    /**
     * Runs the blocks.
     *
     * @param args directory, optionally {@code existing}
     * @throws Exception when an operation fails
     */
    public static void main(String[] args) throws Exception {
        Path file = Files.createDirectories(Path.of(args[0])).resolve("data.json");
        if (args.length > 1 && "existing".equals(args[1])) {
            Files.writeString(file, "{}");
        }
        WeavingCheck.verify(LockedSubject.class);
        PathOperation locked = new LockedSubject();
        Path lockFile = FileLocks.lockFileFor(file);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sum += locked.read(file) + LockBenchmark.rawLock(lockFile, file);
        }
        BenchFiles.awaitSettled(file.getParent()); // as LockSyscalls: timed in a directory unchanged for 2 s
        List<Double> ours = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int block = 0; block < BLOCKS; block++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < OPERATIONS; i++) {
                sum += locked.read(file);
            }
            long middle = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < OPERATIONS; i++) {
                sum += LockBenchmark.rawLock(lockFile, file);
            }
            long end = threads.getCurrentThreadCpuTime();
            ours.add((middle - start) / 1000.0 / OPERATIONS);
            raw.add((end - middle) / 1000.0 / OPERATIONS);
            ratios.add((double) (middle - start) / (end - middle));
        }
        System.out.printf("@FileLocked %.2f us, raw %.2f us of CPU per lock; ratio %.3f (quartiles %.3f, %.3f); checksum %d%n",
                median(ours), median(raw), median(ratios), quartile(ratios, 1), quartile(ratios, 3), sum);
    }

    private static double median(List<Double> values) {
        return quartile(values, 2);
    }

    private static double quartile(List<Double> values, int which) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() * which / 4);
    }
}
