package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedAtomicSubject;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P6's second view (not JMH): {@code @FileLocked} + {@code @AtomicWrite} against the seeds' Python with
 * the same durability ({@code seed_write.py --dir-fsync}), in pairs of timed stretches that follow each
 * other, each pair starting with the other side than the last, so that the disk's drift falls on both
 * sides alike. JMH's score and the Python script's, taken minutes apart in the full pass, moved the ratio
 * between 0.89 and 1.20 from run to run. Ours is timed in this JVM after its warm-up (compiled by C2);
 * each Python stretch is a fresh {@code python3} that times its own loop, its start-up left out.
 *
 * <p>Arguments: the JSON file to write the result to, the number of pairs, the seconds of each stretch,
 * the path of {@code seed_write.py}.
 */
public final class SeedPairs {

    private static final int WARM_UP_WRITES = 20_000;
    private static final Pattern SCORE = Pattern.compile("\"score\": ([0-9.eE+-]+)");

    private SeedPairs() {
    }

    /**
     * Runs the pairs.
     *
     * @param args result file, pairs, seconds per stretch, seed_write.py
     * @throws Exception when a write or the script fails
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int pairs = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        Path script = Path.of(args[3]);
        WeavingCheck.verify(LockedAtomicSubject.class);
        PayloadWriter ours = new LockedAtomicSubject();
        byte[] payload = BenchFiles.payload(SeedComparisonBenchmark.PAYLOAD);
        Path directory = BenchFiles.freshDirectory("p6-pairs-");
        try {
            Path file = directory.resolve("tasks.json");
            Files.write(file, payload);
            for (int i = 0; i < WARM_UP_WRITES; i++) {
                ours.write(file, payload);
            }
            double[] oursMicros = new double[pairs];
            double[] pythonMicros = new double[pairs];
            double[] ratios = new double[pairs];
            for (int pair = 0; pair < pairs; pair++) {
                boolean oursFirst = (pair & 1) == 0;
                if (oursFirst) {
                    oursMicros[pair] = stretch(ours, file, payload, seconds);
                    pythonMicros[pair] = python(script, directory, seconds);
                } else {
                    pythonMicros[pair] = python(script, directory, seconds);
                    oursMicros[pair] = stretch(ours, file, payload, seconds);
                }
                ratios[pair] = oursMicros[pair] / pythonMicros[pair];
            }
            String json = String.format(Locale.ROOT, "{\"pairs\": %d, \"seconds\": %.2f, \"warm_up_writes\": %d,"
                    + " \"ratio_median\": %.4f, \"ratio_quartiles\": [%.4f, %.4f], \"ours_us_median\": %.1f,"
                    + " \"python_us_median\": %.1f, \"ratios\": %s}%n", pairs, seconds, WARM_UP_WRITES,
                    AtomicWritePairs.quantile(ratios, 0.5), AtomicWritePairs.quantile(ratios, 0.25),
                    AtomicWritePairs.quantile(ratios, 0.75), AtomicWritePairs.quantile(oursMicros, 0.5),
                    AtomicWritePairs.quantile(pythonMicros, 0.5), Arrays.toString(AtomicWritePairs.round(ratios)));
            System.out.print("P6 pairs: " + json);
            Files.writeString(result, json);
        } finally {
            BenchFiles.delete(directory);
        }
    }

    /** Microseconds per write of ours, over a stretch of the given length. */
    private static double stretch(PayloadWriter writer, Path file, byte[] payload, double seconds) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long now = start;
        int writes = 0;
        while (now < deadline) {
            writer.write(file, payload);
            writes++;
            now = System.nanoTime();
        }
        return (now - start) / 1e3 / writes;
    }

    /** Microseconds per write of the seeds' Python with a directory fsync, over one stretch of its own timing. */
    private static double python(Path script, Path directory, double seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "python-", ".json");
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), "--dir", directory.toString(),
                "--warmups", "0", "--iterations", "1", "--seconds", Double.toString(seconds), "--dir-fsync",
                "--out", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("seed_write.py failed (" + String.join(" ", command) + "): " + output);
        }
        Matcher score = SCORE.matcher(Files.readString(out));
        Files.delete(out);
        if (!score.find()) {
            throw new IOException("seed_write.py wrote no score to " + out + "; it printed: " + output);
        }
        return Double.parseDouble(score.group(1));
    }
}
