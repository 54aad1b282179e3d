package dev.resilientio.benchmarks;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.json.ResilientJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * P7 (not JMH): group commit. The same number of read-modify-write increments of one JSON counter
 * through {@code ResilientJson.updateJson} with the durable defaults, done by 8 threads of this JVM
 * at once, then by 1 thread alone, in rounds that alternate which goes first; reports the median
 * time of each and their throughput ratio, the mean number of increments per commit with 8 threads
 * (counted from the engine's commit events), and the increments lost or applied twice (must be 0:
 * the counter must end at the total, and the values the calls returned must be 1 to the total, each
 * once, as if they had run one after another). The machine's disk is shared and its speed drifts
 * by several times within a minute, so the ratio is the median of each round's own ratio (its two
 * runs one after the other). Beside it, what bounds it, measured in each round on the same disk: the
 * rate of 4 KiB writes each followed by an fsync, and of whole durable replaces written by hand
 * (create a temp, write, fsync, rename, fsync the directory: {@link HandWrittenDurableWrite}).
 *
 * <p>Arguments: the JSON file to write the result to, the increments per thread, the threads, the rounds.
 */
public final class GroupCommitHarness {

    /**
     * Updates made alone and again by all threads before any round is timed, so that both sides are
     * timed as a running service runs them, compiled by C2: the engine's update path reaches C2 only
     * after about 10,000 calls ({@code -XX:+PrintCompilation}), and the leader's batch, the serial part
     * of 8 threads' throughput, is CPU.
     */
    private static final int WARM_UP = 12_000;
    private static final double RATE_SECONDS = 0.3;

    private GroupCommitHarness() {
    }

    /**
     * Runs P7.
     *
     * @param args result file, increments per thread, threads, rounds
     * @throws Exception when an update fails
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int each = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        if (rounds < 1 || threads < 2 || each < 1) {
            throw new IllegalArgumentException("Give at least 1 increment per thread, 2 threads and 1 round, not "
                    + each + ", " + threads + " and " + rounds);
        }
        AtomicLong commits = new AtomicLong();
        AtomicReference<Path> counted = new AtomicReference<>();
        ResilientIoEvents.Registration listener = ResilientIoEvents.register(event -> {
            Path file = counted.get();
            if (event instanceof AtomicWriteCommitted && file != null && event.target().endsWith(file.getFileName())) {
                commits.incrementAndGet();
            }
        });
        try {
            Path warmUp = BenchFiles.freshDirectory("p7-warm-up-");
            try {
                run(warmUp.resolve("serial.json"), 1, WARM_UP);
                run(warmUp.resolve("parallel.json"), threads, WARM_UP / threads + 1);
            } finally {
                BenchFiles.delete(warmUp);
            }
            Rounds measured = new Rounds();
            for (int round = 0; round < rounds; round++) {
                Path directory = BenchFiles.freshDirectory("p7-");
                try {
                    measured.round(directory, threads, each, round % 2 == 0, commits, counted);
                } finally {
                    BenchFiles.delete(directory);
                }
            }
            String json = measured.json(threads, each * threads, rounds);
            Files.writeString(result, json);
            System.out.print("P7 " + json);
            if (measured.lost + measured.duplicated != 0) {
                System.out.println("P7: " + measured.lost + " increments LOST and " + measured.duplicated
                        + " applied TWICE");
            }
        } finally {
            listener.close();
        }
    }

    /** The figures of the rounds so far. */
    private static final class Rounds {
        final List<Double> parallel = new ArrayList<>();
        final List<Double> serial = new ArrayList<>();
        final List<Double> pairs = new ArrayList<>();
        final List<Double> fsyncs = new ArrayList<>();
        final List<Double> replaces = new ArrayList<>();
        long lost;
        long duplicated;
        long parallelCommits;

        /** One round: the threads' run and the lone thread's, in the order given, then the disk's rates. */
        void round(Path directory, int threads, int each, boolean parallelFirst, AtomicLong commits,
                AtomicReference<Path> counted) throws Exception {
            double parallelSeconds = 0;
            double serialSeconds = 0;
            for (boolean parallelNow : parallelFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                Run run;
                if (parallelNow) {
                    Path file = directory.resolve("counter-parallel.json").toAbsolutePath();
                    counted.set(file);
                    commits.set(0);
                    run = run(file, threads, each);
                    counted.set(null);
                    parallelSeconds = run.seconds;
                    parallelCommits += commits.get();
                } else {
                    run = run(directory.resolve("counter-serial.json"), 1, threads * each);
                    serialSeconds = run.seconds;
                }
                lost += run.lost;
                duplicated += run.duplicated;
            }
            parallel.add(parallelSeconds);
            serial.add(serialSeconds);
            pairs.add(serialSeconds / parallelSeconds);
            fsyncs.add(fsyncRate(directory));
            replaces.add(durableReplaceRate(directory));
        }

        String json(int threads, int total, int rounds) {
            double parallelSeconds = MultiProcessHarness.median(parallel);
            double serialSeconds = MultiProcessHarness.median(serial);
            return String.format(Locale.ROOT, "{\"threads\": %d, \"increments\": %d, \"rounds\": %d, \"warmUp\": %d,"
                    + " \"parallelSeconds\": %.4f, \"serialSeconds\": %.4f, \"parallelPerSecond\": %.2f,"
                    + " \"serialPerSecond\": %.2f, \"ratio\": %.4f, \"lost\": %d, \"duplicated\": %d,"
                    + " \"parallelCommits\": %d, \"meanBatch\": %.2f, \"fsyncPerSecond\": %.1f,"
                    + " \"durableReplacePerSecond\": %.1f, \"pairRatios\": %s, \"parallelSamples\": %s,"
                    + " \"serialSamples\": %s, \"fsyncSamples\": %s}%n",
                    threads, total, rounds, WARM_UP, parallelSeconds, serialSeconds, total / parallelSeconds,
                    total / serialSeconds, MultiProcessHarness.median(pairs), lost, duplicated, parallelCommits,
                    (double) total * rounds / Math.max(1, parallelCommits), MultiProcessHarness.median(fsyncs),
                    MultiProcessHarness.median(replaces), MultiProcessHarness.samples(pairs),
                    MultiProcessHarness.samples(parallel), MultiProcessHarness.samples(serial),
                    MultiProcessHarness.samples(fsyncs));
        }
    }

    /** One timed run and what it got wrong. */
    private record Run(double seconds, long lost, long duplicated) {
    }

    /**
     * Starts the threads, lets them go together, and times them until the last is done; then checks
     * the counter and the values the calls returned.
     */
    private static Run run(Path file, int threads, int each) throws Exception {
        int total = threads * each;
        long[][] returned = new long[threads][each];
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = returned[t];
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        mine[i] = ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::next).value();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "P7 updater " + t);
            worker.start();
            workers.add(worker);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IOException("P7: an update of " + file + " failed", failure.get());
        }
        long value = ResilientJson.readJson(file, Counter.class).value();
        // As one after another: the calls returned 1 to the total, each once.
        BitSet seen = new BitSet(total + 1);
        long repeated = 0;
        for (long[] values : returned) {
            for (long v : values) {
                if (v < 1 || v > total || seen.get((int) v)) {
                    repeated++;
                } else {
                    seen.set((int) v);
                }
            }
        }
        long lost = Math.max(0, total - value) + repeated;
        long duplicated = Math.max(0, value - total);
        return new Run(seconds, lost, duplicated);
    }

    /** 4 KiB written at the start of one file, each write followed by an fsync, for {@link #RATE_SECONDS}. */
    private static double fsyncRate(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve("fsync.bin"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.wrap(BenchFiles.payload(4096));
            long start = System.nanoTime();
            long end = start + (long) (RATE_SECONDS * 1e9);
            int count = 0;
            long now;
            do {
                page.rewind();
                channel.write(page, 0);
                channel.force(true);
                count++;
                now = System.nanoTime();
            } while (now < end);
            return count / ((now - start) / 1e9);
        }
    }

    /** Whole durable replaces of a 4 KiB file written by hand (two fsyncs each), for {@link #RATE_SECONDS}. */
    private static double durableReplaceRate(Path directory) throws IOException {
        Path file = directory.resolve("replaced.bin");
        byte[] payload = BenchFiles.payload(4096);
        HandWrittenDurableWrite writer = new HandWrittenDurableWrite();
        long start = System.nanoTime();
        long end = start + (long) (RATE_SECONDS * 1e9);
        int count = 0;
        long now;
        do {
            writer.write(file, payload);
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }
}
