package dev.resilientio.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** The five demos with a heading and a one-line verdict each, one at a time or as the whole tour. */
final class Demos {

    static final int DEFAULT_PROCESSES = 5;
    static final int DEFAULT_TASKS = 20;
    static final int DEFAULT_ROUNDS = 10;
    /** Fewer kills in the tour, which should take well under a minute: each costs two JVM starts. */
    static final int TOUR_ROUNDS = 5;

    private final PrintStream out;
    private final RandomGenerator random;
    /** Demos that could not run here (full-disk-demo without root): they count as passed, and the tour says so. */
    private final Set<String> skipped = new HashSet<>();

    Demos(PrintStream out, RandomGenerator random) {
        this.out = out;
        this.random = random;
    }

    /** The stress demo; {@code recordings}, when not {@code null}, gets a flight recording of each annotated process. */
    boolean stress(Path annotatedFile, Path plainFile, int processes, int tasks, Path recordings)
            throws IOException, InterruptedException {
        heading("stress: " + processes + " processes each add " + tasks + " tasks to one " + annotatedFile.getFileName()
                + ", all at once");
        StressDemo.Result annotated = StressDemo.run(StoreKind.ANNOTATED, annotatedFile, processes, tasks, recordings,
                out);
        StressDemo.Result plain = StressDemo.run(StoreKind.PLAIN, plainFile, processes, tasks, out);
        if (annotated.lost() > 0 || annotated.fileUnreadable()) {
            return verdict(false, "the annotated store lost " + annotated.lost() + " tasks");
        }
        if (!annotated.recordingsMatch()) {
            return verdict(false, "the flight recordings hold " + annotated.recordedLockWaits().count()
                    + " lock waits where the processes' listeners saw " + annotated.lockWaits().count());
        }
        return verdict(true, "one exclusive lock across load and save, so no task lost"
                + (plain.lost() > 0 ? "; the plain store lost " + plain.lost() + " of " + plain.expected()
                        : " (the plain store got lucky this time: run it again)"));
    }

    boolean crash(Path dir, int rounds) throws IOException, InterruptedException {
        heading("crash-demo: kill -9 a process while it rewrites a " + String.format("%,d", CrashDemo.TASKS)
                + "-task tasks.json, " + rounds + " times");
        CrashDemo.Result annotated = CrashDemo.run(StoreKind.ANNOTATED,
                Files.createDirectories(dir.resolve("annotated")), rounds, true, random, out);
        CrashDemo.run(StoreKind.PLAIN, Files.createDirectories(dir.resolve("plain")), rounds, false, random, out);
        boolean ok = annotated.whole() == rounds && annotated.tempsRemaining() == 0
                && annotated.tempsRemoved() == annotated.tempsLeft();
        return verdict(ok, ok ? "@AtomicWrite: readers see the old file or the new one, never a torn one"
                : "the annotated store's file was damaged or temps were left (see above)");
    }

    boolean corrupt(Path dir) throws IOException {
        heading("corrupt-demo: tasks.json is corrupted; load() recovers the newest valid backup");
        CorruptDemo.Result result = CorruptDemo.run(dir, out);
        return verdict(result.ok(), result.ok() ? "the list as it was before the last add is back"
                : "recovered " + result.recovered().size() + " tasks where " + result.expected().size() + " were expected");
    }

    boolean flaky(Path dir) throws IOException, InterruptedException {
        heading("flaky-demo: transient errors are retried, permanent ones are not;"
                + " a breaker stops retrying a share that is away");
        FlakyDemo.Result result = FlakyDemo.run(dir, out);
        OutageDemo.Result outage = result.outage();
        return verdict(result.ok(), result.ok() ? "busy: retried with backoff until it worked; missing: failed at once;"
                + " share away: " + outage.with().bodyAttempts() + " attempts instead of "
                + outage.without().bodyAttempts()
                + " with the breaker, which closed again after 2 trial calls"
                : "expected 3 attempts for the busy read and 1 for the missing file; with the breaker at most "
                        + OutageShare.FAILURE_THRESHOLD + " attempts for " + OutageDemo.CALLS
                        + " reads of the share that was away, and the states CLOSED, OPEN, HALF_OPEN, CLOSED; got "
                        + result.busyAttempts() + ", " + result.missingAttempts() + ", "
                        + outage.with().bodyAttempts() + " and " + outage.states());
    }

    boolean fullDisk(Path dir) throws IOException, InterruptedException {
        heading("full-disk-demo: an update meets a full disk; what it could not save is kept in a recovery file");
        FullDiskDemo.Result result = FullDiskDemo.run(dir, out);
        if (result.skipped() != null) {
            skipped.add("full-disk-demo");
            out.println("verdict: SKIPPED - not run, so not counted as a failure");
            return true;
        }
        return verdict(result.ok(), result.ok() ? "tasks.json intact, no temp left, the unsaved list kept in "
                + result.recoveryFile().getFileName() + " and named by the exception"
                : "expected ENOSPC, tasks.json intact, no temp, and a recovery file of 4 tasks in the recovery"
                        + " directory named by the exception (see above)");
    }

    /**
     * Runs the five demos in subdirectories of {@code dir}; a demo that throws fails, the others still run.
     *
     * @return whether every verdict is OK
     */
    boolean tour(DemoDirectory dir) throws InterruptedException {
        long start = System.nanoTime();
        out.println("resilient-io demo: a task store whose methods carry @RetryFileOperation, @FileLocked and"
                + " @AtomicWrite, woven at compile time by ajc; its files go to " + dir.path()
                + " (deleted at the end)");
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        verdicts.put("stress", guarded(() -> stress(dir.subdirectory("stress").resolve("tasks.json"),
                dir.subdirectory("stress").resolve("plain-tasks.json"), DEFAULT_PROCESSES, DEFAULT_TASKS, null)));
        verdicts.put("crash-demo", guarded(() -> crash(dir.subdirectory("crash"), TOUR_ROUNDS)));
        verdicts.put("corrupt-demo", guarded(() -> corrupt(dir.subdirectory("corrupt"))));
        verdicts.put("flaky-demo", guarded(() -> flaky(dir.subdirectory("flaky"))));
        verdicts.put("full-disk-demo", guarded(() -> fullDisk(dir.subdirectory("full-disk"))));
        StringBuilder summary = new StringBuilder();
        verdicts.forEach((name, ok) -> summary.append(summary.length() == 0 ? "" : ", ").append(name)
                .append(!ok ? " FAILED" : skipped.contains(name) ? " SKIPPED" : " OK"));
        out.printf("%n== tour done in %.1f s: %s ==%n", (System.nanoTime() - start) / 1e9, summary);
        return !verdicts.containsValue(false);
    }

    private interface Demo {
        boolean run() throws IOException, InterruptedException;
    }

    private boolean guarded(Demo demo) throws InterruptedException {
        try {
            return demo.run();
        } catch (IOException | RuntimeException e) {
            return verdict(false, e.toString());
        }
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title + " ==");
    }

    private boolean verdict(boolean ok, String why) {
        out.println("verdict: " + (ok ? "OK" : "FAILED") + " - " + why);
        return ok;
    }
}
