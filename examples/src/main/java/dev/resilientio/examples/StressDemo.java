package dev.resilientio.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The lost-update demo: several real JVM processes add tasks to one file at the same moment, and
 * the parent counts how many of them the file holds at the end.
 */
public final class StressDemo {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private StressDemo() {
    }

    /**
     * What one stress run found.
     *
     * @param kind the store that ran
     * @param expected tasks added by all processes
     * @param present of those, the tasks found in the file at the end
     * @param halfWrittenReads adds whose read met a half-written file (plain store only)
     * @param fileUnreadable whether the file itself was left unreadable
     * @param took from the start signal to the last process's end
     * @param lockWaits the lock waits that the processes' listeners saw (none for the plain store)
     * @param recordedLockWaits the lock waits that their flight recordings hold, or {@code null} when
     *     they recorded none
     */
    public record Result(StoreKind kind, int expected, int present, int halfWrittenReads, boolean fileUnreadable,
            Duration took, LockWaits lockWaits, LockWaits recordedLockWaits) {

        /**
         * Returns how many tasks were lost.
         *
         * @return expected minus present
         */
        public int lost() {
            return expected - present;
        }

        /**
         * Tells whether the flight recordings hold exactly the waits the listeners saw, each with its duration.
         *
         * @return true when they do, or when nothing was recorded
         */
        public boolean recordingsMatch() {
            return recordedLockWaits == null || recordedLockWaits.sorted().equals(lockWaits.sorted());
        }
    }

    /**
     * Starts {@code processes} JVMs that each add {@code tasksEach} tasks to {@code file} through the
     * store {@code kind}, all released at once, waits for them, prints one line and returns what
     * the file holds.
     *
     * @param kind the store
     * @param file the task file; tasks already in it are left alone and not counted
     * @param processes how many processes
     * @param tasksEach how many tasks each one adds
     * @param out where the result line goes
     * @return the count
     * @throws IOException when a process cannot be started or fails
     * @throws InterruptedException when interrupted while waiting for the processes
     */
    public static Result run(StoreKind kind, Path file, int processes, int tasksEach, PrintStream out)
            throws IOException, InterruptedException {
        return run(kind, file, processes, tasksEach, null, out);
    }

    /**
     * Runs the demo as {@link #run(StoreKind, Path, int, int, PrintStream)} does, each process
     * recording itself with JDK Flight Recorder into {@code recordings} when it is not {@code null}.
     *
     * @param kind the store
     * @param file the task file
     * @param processes how many processes
     * @param tasksEach how many tasks each one adds
     * @param recordings a directory for the processes' recordings, {@code stress-worker-N.jfr}, or
     *     {@code null} for none
     * @param out where the result lines go
     * @return the count
     * @throws IOException when a process cannot be started or fails, or a recording cannot be read
     * @throws InterruptedException when interrupted while waiting for the processes
     */
    public static Result run(StoreKind kind, Path file, int processes, int tasksEach, Path recordings,
            PrintStream out) throws IOException, InterruptedException {
        StressRecordings recorded = recordings == null ? null : new StressRecordings(recordings);
        String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        List<JvmProcess> workers = new ArrayList<>();
        try {
            for (int worker = 1; worker <= processes; worker++) {
                workers.add(JvmProcess.start(recorded == null ? List.of() : recorded.jvmOptions(worker),
                        StressWorker.class, kind.name(), file.toString(), String.valueOf(worker),
                        String.valueOf(tasksEach), runId));
            }
            for (JvmProcess worker : workers) {
                worker.awaitLine("READY", START_TIMEOUT);
            }
            long start = System.nanoTime();
            for (JvmProcess worker : workers) {
                worker.send("GO");
            }
            int halfWrittenReads = 0;
            LockWaits lockWaits = new LockWaits();
            for (JvmProcess worker : workers) {
                String[] done = worker.awaitLine("DONE", RUN_TIMEOUT, lockWaits::addLine).split(" ");
                halfWrittenReads += Integer.parseInt(done[2]);
                int exit = worker.awaitExit(RUN_TIMEOUT);
                if (exit != 0) {
                    throw new IOException("stress worker pid " + worker.pid() + " exited with " + exit);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Result result = count(kind, file, runId, processes, tasksEach, halfWrittenReads, took, lockWaits,
                    recorded == null ? null : recorded.lockWaits(processes));
            out.println(describe(result));
            result.lockWaits().summary(file).forEach(out::println);
            if (recorded != null) {
                out.println(describeRecordings(result, recorded));
            }
            return result;
        } finally {
            workers.forEach(JvmProcess::close);
        }
    }

    /** The title of one task of one run, unique across the run. */
    static String title(String runId, int worker, int task) {
        return "run " + runId + ": worker " + worker + ", task " + task;
    }

    private static Result count(StoreKind kind, Path file, String runId, int processes, int tasksEach,
            int halfWrittenReads, Duration took, LockWaits lockWaits, LockWaits recordedLockWaits) throws IOException {
        List<Task> tasks;
        try {
            // Read plainly, as any other program would: the verdict must not rely on the store's recovery.
            tasks = TaskJson.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException | RuntimeException unreadable) {
            return new Result(kind, processes * tasksEach, 0, halfWrittenReads, true, took, lockWaits,
                    recordedLockWaits);
        }
        Set<String> titles = new HashSet<>();
        tasks.forEach(task -> titles.add(task.title()));
        int present = 0;
        for (int worker = 1; worker <= processes; worker++) {
            for (int task = 1; task <= tasksEach; task++) {
                if (titles.contains(title(runId, worker, task))) {
                    present++;
                }
            }
        }
        return new Result(kind, processes * tasksEach, present, halfWrittenReads, false, took, lockWaits,
                recordedLockWaits);
    }

    private static String describe(Result result) {
        StringBuilder line = new StringBuilder(result.kind().label()).append(": ")
                .append(result.present()).append(" of ").append(result.expected()).append(" tasks present");
        List<String> notes = new ArrayList<>();
        if (result.lost() > 0) {
            notes.add(result.lost() + " lost");
        }
        if (result.halfWrittenReads() > 0) {
            notes.add(result.halfWrittenReads() + (result.halfWrittenReads() == 1 ? " add" : " adds")
                    + " met a half-written file");
        }
        if (result.fileUnreadable()) {
            notes.add("the file itself is left unreadable");
        }
        notes.add(String.format("%.1f s", result.took().toMillis() / 1000.0));
        return line.append(" (").append(String.join("; ", notes)).append(")").toString();
    }

    private static String describeRecordings(Result result, StressRecordings recorded) {
        int events = result.recordedLockWaits().count();
        return "  JFR: " + events + " " + StressRecordings.LOCK_WAIT + " events in " + recorded.file(1).getParent()
                + "/stress-worker-*.jfr, " + (result.recordingsMatch() ? "the same waits as above"
                        : "NOT the " + result.lockWaits().count() + " waits above") + "; see them with: jfr print --events "
                + StressRecordings.LOCK_WAIT + " " + recorded.file(1);
    }
}
