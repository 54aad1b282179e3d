package dev.resilientio.benchmarks;

import dev.resilientio.json.ResilientJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P4 (not JMH): the same number of read-modify-write increments of one JSON counter through
 * {@code updateJson}, done by 4 processes at once, then by 1 process alone, in rounds that alternate
 * the two so that both see the same disk; reports the median time of each, their throughput ratio,
 * and how many increments were lost over all rounds (must be 0). One more pair of runs, whose workers
 * take the lock themselves around each update to time their waits, holds and releases, tells where
 * the time of the 4 processes goes (not counted in the ratio). Z2 ({@link ZooKeeperIncrementHarness})
 * runs the same with the workers locking through ZooKeeper.
 *
 * <p>Arguments: the JSON file to write the result to, the total number of increments per round, the
 * number of processes, the number of rounds.
 */
public final class MultiProcessHarness {

    private MultiProcessHarness() {
    }

    /**
     * Runs P4.
     *
     * @param args result file, total increments per round, processes, rounds
     * @throws Exception when a worker fails
     */
    public static void main(String[] args) throws Exception {
        measure("P4", List.of(), Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
    }

    /**
     * Runs the rounds and the timed pair, writes their figures as JSON to {@code result} and prints them.
     *
     * @param name the benchmark's name, which prefixes its directories and the line printed
     * @param workerOptions JVM options of every worker besides the harness's own (system properties)
     * @param result the JSON file written
     * @param total increments per round
     * @param processes processes of the parallel runs
     * @param rounds rounds of both runs
     * @throws IOException when a worker fails or the result cannot be written
     * @throws InterruptedException when interrupted while waiting for the workers
     */
    static void measure(String name, List<String> workerOptions, Path result, int total, int processes, int rounds)
            throws IOException, InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("The number of rounds must be at least 1, not " + rounds);
        }
        if (total % processes != 0) {
            throw new IllegalArgumentException("The total " + total + " must split evenly over " + processes
                    + " processes; choose a multiple of " + processes);
        }
        Workers workers = new Workers(name, workerOptions);
        List<Double> parallel = new ArrayList<>();
        List<Double> serial = new ArrayList<>();
        long lostParallel = 0;
        long lostSerial = 0;
        for (int round = 0; round < rounds; round++) {
            Path directory = BenchFiles.freshDirectory(workers.prefix());
            try {
                Path shared = directory.resolve("counter-parallel.json");
                parallel.add(workers.run(directory, shared, processes, total / processes, null));
                lostParallel += total - ResilientJson.readJson(shared, Counter.class).value();
                Path alone = directory.resolve("counter-serial.json");
                serial.add(workers.run(directory, alone, 1, total, null));
                lostSerial += total - ResilientJson.readJson(alone, Counter.class).value();
            } finally {
                BenchFiles.delete(directory);
            }
        }
        // One more pair whose workers time their lock waits, holds and releases: where the 4 processes' time goes.
        long[] splitParallel = new long[3];
        long[] splitSerial = new long[3];
        double splitParallelSeconds;
        double splitSerialSeconds;
        Path splitDirectory = BenchFiles.freshDirectory(workers.prefix() + "split-");
        try {
            splitParallelSeconds = workers.run(splitDirectory, splitDirectory.resolve("counter-parallel.json"),
                    processes, total / processes, splitParallel);
            splitSerialSeconds = workers.run(splitDirectory, splitDirectory.resolve("counter-serial.json"), 1, total,
                    splitSerial);
        } finally {
            BenchFiles.delete(splitDirectory);
        }
        double parallelSeconds = median(parallel);
        double serialSeconds = median(serial);
        double parallelRate = total / parallelSeconds;
        double serialRate = total / serialSeconds;
        String json = String.format(Locale.ROOT, "{\"processes\": %d, \"increments\": %d, \"rounds\": %d,"
                + " \"parallelSeconds\": %.4f, \"serialSeconds\": %.4f, \"parallelPerSecond\": %.2f,"
                + " \"serialPerSecond\": %.2f, \"ratio\": %.4f, \"lostParallel\": %d, \"lostSerial\": %d,"
                + " \"parallelSamples\": %s, \"serialSamples\": %s, \"split\": {\"parallelSeconds\": %.4f,"
                + " \"parallelHeldSeconds\": %.4f, \"parallelWaitedSeconds\": %.4f,"
                + " \"parallelReleasedSeconds\": %.4f, \"serialSeconds\": %.4f, \"serialHeldSeconds\": %.4f,"
                + " \"serialWaitedSeconds\": %.4f, \"serialReleasedSeconds\": %.4f}}%n",
                processes, total, rounds, parallelSeconds, serialSeconds, parallelRate, serialRate,
                parallelRate / serialRate, lostParallel, lostSerial, samples(parallel), samples(serial),
                splitParallelSeconds, splitParallel[1] / 1e9, splitParallel[0] / 1e9, splitParallel[2] / 1e9,
                splitSerialSeconds, splitSerial[1] / 1e9, splitSerial[0] / 1e9, splitSerial[2] / 1e9);
        Files.writeString(result, json);
        System.out.print(name + " " + json);
        if (lostParallel + lostSerial != 0) {
            System.out.println(name + ": " + (lostParallel + lostSerial) + " increments LOST: the lock let two"
                    + " processes update the counter at once");
        }
    }

    /** The median of some figures. */
    static double median(List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Figures as a JSON array, four decimals each. */
    static String samples(List<Double> seconds) {
        return seconds.stream().map(value -> String.format(Locale.ROOT, "%.4f", value))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** Starts the workers of one benchmark: their JVM options, and the name their failures give. */
    private record Workers(String name, List<String> options) {

        String prefix() {
            return name.toLowerCase(Locale.ROOT) + "-";
        }

        /**
         * Starts the workers, lets them warm up, and times them from GO until the last is done; with
         * {@code split} non-null, the workers time their lock waits, holds and releases and add them to
         * it (nanoseconds waited, held, releasing).
         */
        double run(Path directory, Path counter, int processes, int each, long[] split)
                throws IOException, InterruptedException {
            List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx128m"));
            jvm.addAll(options);
            if (split != null) {
                jvm.add("-Dbench.split=true");
            }
            List<Process> workers = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    Path warmUp = directory.resolve("warm-up-" + counter.getFileName() + "-" + i + ".json");
                    Process process = new ProcessBuilder(ChildJvm.command(jvm, null, UpdateWorker.class.getName(),
                            counter.toString(), Integer.toString(each), warmUp.toString()))
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    workers.add(process);
                    outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
                }
                for (int i = 0; i < processes; i++) {
                    expect(outputs.get(i), "READY", workers.get(i));
                }
                long start = System.nanoTime();
                for (Process worker : workers) {
                    OutputStream stdin = worker.getOutputStream();
                    stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                }
                for (int i = 0; i < processes; i++) {
                    expect(outputs.get(i), "DONE", workers.get(i));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                for (int i = 0; split != null && i < processes; i++) {
                    String line = outputs.get(i).readLine();
                    String[] times = line == null ? new String[0] : line.split(" ");
                    if (times.length != 4 || !"SPLIT".equals(times[0])) {
                        throw new IOException(name + " worker pid " + workers.get(i).pid() + " printed " + line
                                + " instead of SPLIT <waited> <held> <released>; its error output above says why");
                    }
                    for (int k = 0; k < 3; k++) {
                        split[k] += Long.parseLong(times[k + 1]);
                    }
                }
                for (Process worker : workers) {
                    worker.waitFor();
                }
                return seconds;
            } finally {
                workers.forEach(Process::destroyForcibly);
            }
        }

        private void expect(BufferedReader output, String word, Process worker) throws IOException {
            String line = output.readLine();
            if (!word.equals(line)) {
                throw new IOException(name + " worker pid " + worker.pid() + " printed " + line + " instead of " + word
                        + "; its error output above says why");
            }
        }
    }
}
