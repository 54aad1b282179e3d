package dev.resilientio.benchmarks;

import dev.resilientio.core.ResilientFiles;
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
 * {@code updateJson}, done by 4 processes at once, then by 1 process alone; reports both
 * throughputs, their ratio, and how many increments each lost (must be 0).
 *
 * <p>Arguments: the JSON file to write the result to, the total number of increments, the number
 * of processes.
 */
public final class MultiProcessHarness {

    private MultiProcessHarness() {
    }

    /**
     * Runs P4.
     *
     * @param args result file, total increments, processes
     * @throws Exception when a worker fails
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        int processes = Integer.parseInt(args[2]);
        if (total % processes != 0) {
            throw new IllegalArgumentException("The total " + total + " must split evenly over " + processes
                    + " processes; choose a multiple of " + processes);
        }
        Path directory = BenchFiles.freshDirectory("p4-");
        try {
            Path shared = directory.resolve("counter-parallel.json");
            double parallelSeconds = run(directory, shared, processes, total / processes);
            long parallelCount = ResilientFiles.readJson(shared, Counter.class).value();
            Path alone = directory.resolve("counter-serial.json");
            double serialSeconds = run(directory, alone, 1, total);
            long serialCount = ResilientFiles.readJson(alone, Counter.class).value();

            double parallelRate = total / parallelSeconds;
            double serialRate = total / serialSeconds;
            String json = String.format(Locale.ROOT, "{\"processes\": %d, \"increments\": %d,"
                    + " \"parallelSeconds\": %.4f, \"serialSeconds\": %.4f, \"parallelPerSecond\": %.2f,"
                    + " \"serialPerSecond\": %.2f, \"ratio\": %.4f, \"lostParallel\": %d, \"lostSerial\": %d}%n",
                    processes, total, parallelSeconds, serialSeconds, parallelRate, serialRate,
                    parallelRate / serialRate, total - parallelCount, total - serialCount);
            Files.writeString(result, json);
            System.out.print("P4 " + json);
        } finally {
            BenchFiles.delete(directory);
        }
    }

    /** Starts the workers, lets them warm up, and times them from GO until the last is done. */
    private static double run(Path directory, Path counter, int processes, int each)
            throws IOException, InterruptedException {
        List<Process> workers = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                Path warmUp = directory.resolve("warm-up-" + counter.getFileName() + "-" + i + ".json");
                Process process = new ProcessBuilder(ChildJvm.command(
                        List.of("-XX:+UseSerialGC", "-Xmx128m"), null, UpdateWorker.class.getName(),
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
            for (Process worker : workers) {
                worker.waitFor();
            }
            return seconds;
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }

    private static void expect(BufferedReader output, String word, Process worker) throws IOException {
        String line = output.readLine();
        if (!word.equals(line)) {
            throw new IOException("P4 worker pid " + worker.pid() + " printed " + line + " instead of " + word
                    + "; its error output above says why");
        }
    }
}
