package dev.resilientio.benchmarks;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.json.ResilientJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One process of P4 and Z2: warms up on its own file, prints {@code READY}, waits for {@code GO} so that
 * all workers start together, then does its read-modify-write increments through
 * {@code ResilientJson.updateJson} and prints {@code DONE}.
 *
 * <p>Arguments: the shared counter file, the number of increments, a warm-up file of its own.
 */
public final class UpdateWorker {

    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 200);

    private UpdateWorker() {
    }

    /**
     * Runs one worker; started by {@link MultiProcessHarness}, its lock settings from system properties.
     *
     * @param args counter file, increments, warm-up file
     * @throws Exception when an update fails, which the parent reports
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int increments = Integer.parseInt(args[1]);
        Path warmUp = Path.of(args[2]);
        for (int i = 0; i < WARM_UP; i++) {
            ResilientJson.updateJson(warmUp, Counter.class, new Counter(0), Counter::next);
        }
        System.out.println("READY");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(stdin.readLine())) {
            return;
        }
        if (Boolean.getBoolean("bench.split")) {
            splitRun(file, increments);
            return;
        }
        for (int i = 0; i < increments; i++) {
            ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::next);
        }
        System.out.println("DONE");
    }

    /**
     * The same increments, each under an explicit lock taken first (updateJson re-enters it), timing
     * the wait for the lock, the update that holds it, and the release; prints {@code DONE}, then
     * {@code SPLIT <nanoseconds waited> <nanoseconds held> <nanoseconds releasing>}.
     */
    private static void splitRun(Path file, int increments) throws IOException {
        long waited = 0;
        long held = 0;
        long released = 0;
        for (int i = 0; i < increments; i++) {
            long start = System.nanoTime();
            FileLockHandle lock = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMinutes(1));
            long locked = System.nanoTime();
            long updated;
            try {
                ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::next);
            } finally {
                updated = System.nanoTime();
                lock.close();
            }
            waited += locked - start;
            held += updated - locked;
            released += System.nanoTime() - updated;
        }
        System.out.println("DONE");
        System.out.println("SPLIT " + waited + " " + held + " " + released);
    }
}
