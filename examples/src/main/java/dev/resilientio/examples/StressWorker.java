package dev.resilientio.examples;

import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One process of the stress demo: prints {@code READY}, waits for {@code GO} on stdin so that all
 * processes start together, adds its tasks through one store as fast as it can, then prints the
 * lock waits its listener saw ({@link LockWaits}: one {@code WAITS} line per operation and mode, none
 * for the plain store) and {@code DONE <added> <failed>}. A plain-store add fails when its read meets a file another process
 * is half-way through writing; that task is lost, and the worker goes on.
 *
 * <p>Arguments: {@code ANNOTATED} or {@code PLAIN}, the file, the worker's number, the number of
 * tasks, the run's id (put in every title so that the parent can count this run's tasks).
 */
public final class StressWorker {

    private StressWorker() {
    }

    /**
     * Runs one worker; started by {@link StressDemo}.
     *
     * @param args store kind, file, worker number, tasks, run id
     * @throws Exception when the annotated store fails, which the parent reports
     */
    public static void main(String[] args) throws Exception {
        WeavingCheck.verify(ResilientTaskStore.class);
        StoreKind kind = StoreKind.valueOf(args[0]);
        Path file = Path.of(args[1]);
        int worker = Integer.parseInt(args[2]);
        int tasks = Integer.parseInt(args[3]);
        String runId = args[4];
        TaskStore store = kind.create();
        // From the start: a flight recording of this JVM holds the warm-up's wait too, and the parent compares.
        LockWaits lockWaits = new LockWaits();
        ResilientIoEvents.register(lockWaits);
        // Loads the classes of a read before the start, so that the processes really overlap.
        store.load(file);

        System.out.println("READY");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(stdin.readLine())) {
            return;
        }
        String createdBy = "stress worker " + worker + " (pid " + ProcessHandle.current().pid() + ")";
        int added = 0;
        int failed = 0;
        for (int i = 1; i <= tasks; i++) {
            try {
                store.add(file, StressDemo.title(runId, worker, i), createdBy);
                added++;
            } catch (RuntimeException halfWritten) {
                if (kind == StoreKind.ANNOTATED) {
                    throw halfWritten;
                }
                failed++;
            }
        }
        lockWaits.lines().forEach(System.out::println);
        System.out.println("DONE " + added + " " + failed);
    }
}
