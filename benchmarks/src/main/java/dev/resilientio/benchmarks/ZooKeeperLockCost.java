package dev.resilientio.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.resilientio.benchmarks.subjects.LockedSubject;
import dev.resilientio.core.weaving.WeavingCheck;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Z1's second view (not JMH): what each uncontended lock and release costs the ensemble, and the two
 * sides timed in alternating blocks in one JVM, so that the shared machine's drift (other processes,
 * the disk's fsync latency) falls on both alike. One ensemble of three, both sides on its follower as
 * in {@link ZooKeeperLockBenchmark}; the engine with {@code RESILIENT_IO_LOCK_OS=false}. Per block,
 * the follower's {@code srvr} counters tell the requests it received per lock (pings included: a few
 * per 5 s) and the transactions the ensemble committed per lock (zxids); the calling thread's CPU
 * time and allocation tell what each side's own code costs, apart from ZooKeeper's servers and
 * Curator's threads.
 *
 * <p>Arguments: the JSON file to write the result to, the number of blocks of each side, the locks
 * per block.
 */
public final class ZooKeeperLockCost {

    private static final int WARM_UP = 500;
    /** The follower counts the {@code srvr} that reads its counters as a request received. */
    private static final double SRVR = 1;
    /** The calling thread's CPU time: what each side's own code costs, apart from ZooKeeper's threads and servers. */
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ZooKeeperLockCost() {
    }

    /** One side's blocks, per lock: seconds, the caller's CPU seconds and bytes allocated, requests, transactions. */
    private static final class Side {
        final List<Double> seconds = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> allocated = new ArrayList<>();
        final List<Double> requests = new ArrayList<>();
        final List<Double> transactions = new ArrayList<>();
    }

    /** One block's work: a lock and release. */
    private interface Lock {
        int lockAndRelease() throws Exception;
    }

    /**
     * Runs the blocks.
     *
     * @param args result file, blocks, locks per block
     * @throws Exception when the ensemble does not start or a lock fails
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int blocks = Integer.parseInt(args[1]);
        int locks = Integer.parseInt(args[2]);
        WeavingCheck.verify(LockedSubject.class);
        Path directory = BenchFiles.freshDirectory("z1-cost-");
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3);
                RawCuratorLock raw = new RawCuratorLock(ensemble.followerConnectString(),
                        directory.resolve("raw.json"))) {
            ensemble.configureEngine(false);
            PathOperation subject = new LockedSubject();
            Path file = directory.resolve("data.json");
            Lock ours = () -> subject.read(file);
            Lock curator = raw::lockAndRelease;
            block(ensemble, ours, WARM_UP, null);
            block(ensemble, curator, WARM_UP, null);
            Side annotated = new Side();
            Side yardstick = new Side();
            for (int i = 0; i < blocks; i++) {
                // Each side goes first in every other pair, so that neither always follows the other.
                boolean oursFirst = i % 2 == 0;
                block(ensemble, oursFirst ? ours : curator, locks, oursFirst ? annotated : yardstick);
                block(ensemble, oursFirst ? curator : ours, locks, oursFirst ? yardstick : annotated);
            }
            double oursMedian = median(annotated.seconds);
            double rawMedian = median(yardstick.seconds);
            String json = String.format(Locale.ROOT, "{\"blocks\": %d, \"locksPerBlock\": %d,"
                    + " \"oursMicros\": %.1f, \"rawMicros\": %.1f, \"ratio\": %.4f, \"pairRatios\": %s,"
                    + " \"oursCpuMicros\": %.1f, \"rawCpuMicros\": %.1f, \"oursAllocatedBytes\": %.0f,"
                    + " \"rawAllocatedBytes\": %.0f, \"oursRequests\": %.3f, \"rawRequests\": %.3f, \"oursTransactions\": %.3f,"
                    + " \"rawTransactions\": %.3f, \"oursSamples\": %s, \"rawSamples\": %s}%n",
                    blocks, locks, oursMedian * 1e6, rawMedian * 1e6, oursMedian / rawMedian,
                    list(pairRatios(annotated.seconds, yardstick.seconds), 1), median(annotated.cpu) * 1e6,
                    median(yardstick.cpu) * 1e6, median(annotated.allocated), median(yardstick.allocated),
                    median(annotated.requests),
                    median(yardstick.requests), median(annotated.transactions), median(yardstick.transactions),
                    list(annotated.seconds, 1e6), list(yardstick.seconds, 1e6));
            Files.writeString(result, json);
            System.out.print("Z1 cost " + json);
        } finally {
            BenchFiles.delete(directory);
        }
    }

    /** Runs one block, adding its figures to {@code side} unless it is a warm-up. */
    private static void block(ZooKeeperEnsemble ensemble, Lock lock, int locks, Side side) throws Exception {
        Map<String, String> before = ensemble.followerStats();
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long allocatedStart = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < locks; i++) {
            lock.lockAndRelease();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedStart;
        long nanos = System.nanoTime() - start;
        Map<String, String> after = ensemble.followerStats();
        if (side != null) {
            side.seconds.add(nanos / 1e9 / locks);
            side.cpu.add(cpu / 1e9 / locks);
            side.allocated.add((double) allocated / locks);
            side.requests.add((counter(after, "Received") - counter(before, "Received") - SRVR) / locks);
            side.transactions.add((double) (counter(after, "Zxid") - counter(before, "Zxid")) / locks);
        }
    }

    /** A counter of {@code srvr}: decimal, or hexadecimal with {@code 0x} (the zxid). */
    private static long counter(Map<String, String> stats, String name) {
        String value = stats.get(name);
        if (value == null) {
            throw new IllegalStateException("ZooKeeper's srvr answer has no " + name + ": " + stats);
        }
        return Long.decode(value);
    }

    /** Ours / raw of each pair of blocks run side by side. */
    private static List<Double> pairRatios(List<Double> ours, List<Double> raw) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i) / raw.get(i));
        }
        return ratios;
    }

    private static double median(List<Double> values) {
        return MultiProcessHarness.median(values);
    }

    private static String list(List<Double> values, double scale) {
        return MultiProcessHarness.samples(values.stream().map(value -> value * scale).toList());
    }
}
