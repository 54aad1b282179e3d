package dev.resilientio.examples;

import dev.resilientio.core.events.RetryScheduled;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The retry demo: a read that meets "Resource busy" twice succeeds on its third attempt, each retry
 * logged at WARN; a read of a missing file fails after one attempt, since no retry can fix it; then
 * a share goes away, and a circuit breaker fails the reads at once instead ({@link OutageDemo}).
 */
public final class FlakyDemo {

    private static final int BUSY_READS = 2;

    private FlakyDemo() {
    }

    /**
     * What the two reads did.
     *
     * @param busyAttempts attempts of the read that met a busy share
     * @param tasksRead tasks it returned
     * @param missingAttempts attempts of the read of a missing file
     * @param missingError what that read threw
     * @param outage what the reads did while the share was away, with and without a breaker
     */
    public record Result(int busyAttempts, int tasksRead, int missingAttempts,
            Class<? extends IOException> missingError, OutageDemo.Result outage) {

        /**
         * Returns whether the busy read took three attempts, the missing one a single attempt, and the
         * breaker kept the reads of a share that went away from waiting out their retries.
         *
         * @return true when all behaved as the annotations promise
         */
        public boolean ok() {
            return busyAttempts == BUSY_READS + 1 && missingAttempts == 1 && missingError != null && outage.ok();
        }
    }

    /**
     * Saves three tasks in {@code dir/tasks.json}, reads them through a busy share, then reads a
     * missing file, then takes the share down and up again ({@link OutageDemo}), printing each step.
     *
     * @param dir an empty directory
     * @param out where the lines go
     * @return what the reads did
     * @throws IOException when the busy read fails after all its attempts, or a trial call after the outage fails
     * @throws InterruptedException when interrupted while waiting for the breaker
     */
    public static Result run(Path dir, PrintStream out) throws IOException, InterruptedException {
        Path file = dir.resolve("tasks.json");
        new ResilientTaskStore().save(file, List.of(Task.create("back up the photos", "flaky-demo"),
                Task.create("pay the rent", "flaky-demo"), Task.create("book the dentist", "flaky-demo")));

        FlakyShare share = new FlakyShare(BUSY_READS);
        out.println("reading tasks.json from a share that answers \"Resource busy\" to the first " + BUSY_READS + " reads:");
        out.flush();
        // The retries as a listener sees them, beside the WARN lines of the log.
        List<Task> tasks = EventLog.around(out, Set.of(RetryScheduled.class), () -> share.readTasks(file));
        int busyAttempts = share.attempts();
        out.printf("busy share: read %d tasks on attempt %d of 5, after %d retries%n", tasks.size(), busyAttempts,
                busyAttempts - 1);

        Path missing = dir.resolve("no-such-tasks.json");
        Class<? extends IOException> missingError = null;
        try {
            share.readBytes(missing);
        } catch (IOException expected) {
            missingError = expected.getClass();
        }
        int missingAttempts = share.attempts() - busyAttempts;
        out.printf("missing file: %s after %d attempt%s, not retried since no retry can make the file appear%n",
                missingError == null ? "no error" : missingError.getSimpleName(), missingAttempts,
                missingAttempts == 1 ? "" : "s");

        OutageDemo.Result outage = OutageDemo.run(file, out);
        return new Result(busyAttempts, tasks.size(), missingAttempts, missingError, outage);
    }
}
