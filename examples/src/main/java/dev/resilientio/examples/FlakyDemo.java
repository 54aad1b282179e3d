package dev.resilientio.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The retry demo: a read that meets "Resource busy" twice succeeds on its third attempt, each retry
 * logged at WARN; a read of a missing file fails after one attempt, since no retry can fix it.
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
     */
    public record Result(int busyAttempts, int tasksRead, int missingAttempts, Class<? extends IOException> missingError) {

        /**
         * Returns whether the busy read took three attempts and the missing one a single attempt.
         *
         * @return true when both behaved as the annotations promise
         */
        public boolean ok() {
            return busyAttempts == BUSY_READS + 1 && missingAttempts == 1 && missingError != null;
        }
    }

    /**
     * Saves three tasks in {@code dir/tasks.json}, reads them through a busy share, then reads a
     * missing file, printing each step.
     *
     * @param dir an empty directory
     * @param out where the lines go
     * @return what the reads did
     * @throws IOException when the busy read fails after all its attempts
     */
    public static Result run(Path dir, PrintStream out) throws IOException {
        Path file = dir.resolve("tasks.json");
        new ResilientTaskStore().save(file, List.of(Task.create("back up the photos", "flaky-demo"),
                Task.create("pay the rent", "flaky-demo"), Task.create("book the dentist", "flaky-demo")));

        FlakyShare share = new FlakyShare(BUSY_READS);
        out.println("reading tasks.json from a share that answers \"Resource busy\" to the first " + BUSY_READS + " reads:");
        out.flush();
        List<Task> tasks = share.readTasks(file);
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
        return new Result(busyAttempts, tasks.size(), missingAttempts, missingError);
    }
}
