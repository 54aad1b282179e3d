package dev.resilientio.benchmarks;

import dev.resilientio.core.ResilientFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One process of P4: warms up on its own file, prints {@code READY}, waits for {@code GO} so that
 * all workers start together, then does its read-modify-write increments through
 * {@code ResilientFiles.updateJson} and prints {@code DONE}.
 *
 * <p>Arguments: the shared counter file, the number of increments, a warm-up file of its own.
 */
public final class UpdateWorker {

    private static final int WARM_UP = 200;

    private UpdateWorker() {
    }

    /**
     * Runs one worker; started by {@link MultiProcessHarness}.
     *
     * @param args counter file, increments, warm-up file
     * @throws Exception when an update fails, which the parent reports
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int increments = Integer.parseInt(args[1]);
        Path warmUp = Path.of(args[2]);
        for (int i = 0; i < WARM_UP; i++) {
            ResilientFiles.updateJson(warmUp, Counter.class, new Counter(0), Counter::next);
        }
        System.out.println("READY");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(stdin.readLine())) {
            return;
        }
        for (int i = 0; i < increments; i++) {
            ResilientFiles.updateJson(file, Counter.class, new Counter(0), Counter::next);
        }
        System.out.println("DONE");
    }
}
