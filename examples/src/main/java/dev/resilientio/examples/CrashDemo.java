package dev.resilientio.examples;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.ResilientIoEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The crash demo: a child JVM rewrites a large task file in a loop and is killed with SIGKILL at a
 * random moment, again and again; after each kill the parent reads the file as any program would.
 */
public final class CrashDemo {

    /** Large enough that a save takes a while (about 2 MB), so that kills land mid-save. */
    static final int TASKS = 20_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_KILL_DELAY_MILLIS = 300;

    private CrashDemo() {
    }

    /**
     * What the kills did to the file.
     *
     * @param kind the store whose save was killed
     * @param rounds how many kills
     * @param whole after how many kills the file held one whole revision
     * @param midSave how many kills left a temp file behind, so hit a save in progress
     * @param tempsLeft how many temp files the kills left behind
     * @param tempsRemoved of the temps left behind, how many the next save removed
     * @param tempsRemaining temps still there at the end
     * @param firstUnreadableSize the size of the first unreadable file, or -1 when none was
     * @param writerCommits the saves the killed writers committed, with the time of each step, as
     *     their listeners reported them (none for the plain store)
     * @param nextSave the commit of the save after the last kill, made in this process; {@code null}
     *     for the plain store
     */
    public record Result(StoreKind kind, int rounds, int whole, int midSave, int tempsLeft, int tempsRemoved,
            int tempsRemaining, long firstUnreadableSize, List<AtomicWriteCommitted> writerCommits,
            AtomicWriteCommitted nextSave) {
    }

    /**
     * Runs {@code rounds} kills of a writer saving {@code dir/tasks.json} through the store {@code kind}.
     * For the annotated store, a last save in this process shows that it removes the last killed
     * writer's temp; the commit times of the writers' saves and of that one are printed after the summary.
     *
     * @param kind the store
     * @param dir an empty directory
     * @param rounds how many kills
     * @param roundLines whether to print a line per kill, or only the summary
     * @param random when to kill
     * @param out where the lines go
     * @return the count
     * @throws IOException when a writer cannot be started or fails before its first save
     * @throws InterruptedException when interrupted while waiting
     */
    public static Result run(StoreKind kind, Path dir, int rounds, boolean roundLines, RandomGenerator random,
            PrintStream out) throws IOException, InterruptedException {
        Path file = dir.resolve("tasks.json");
        int whole = 0;
        int midSave = 0;
        int tempsLeft = 0;
        int tempsRemoved = 0;
        long firstUnreadableSize = -1;
        List<Path> leftBehind = List.of();
        ReadBack last = null;
        CommitTimes writerCommits = new CommitTimes();
        for (int round = 1; round <= rounds; round++) {
            long killedAfter;
            try (JvmProcess writer = JvmProcess.start(CrashWriter.class, kind.name(), file.toString(),
                    String.valueOf(TASKS))) {
                writer.awaitLine("WRITING", START_TIMEOUT, line -> writerCommits.addLine(line, file));
                // Its first save has run the stale-temp clean-up: the last round's leftovers are gone.
                tempsRemoved += removed(leftBehind);
                killedAfter = random.nextInt(MAX_KILL_DELAY_MILLIS);
                Thread.sleep(killedAfter);
                writer.kill();
                for (String line : writer.restOfOutput(START_TIMEOUT)) {
                    writerCommits.addLine(line, file);
                }
            }
            leftBehind = temps(file);
            if (!leftBehind.isEmpty()) {
                midSave++;
                tempsLeft += leftBehind.size();
            }
            last = readBack(file);
            if (last.whole()) {
                whole++;
            } else if (firstUnreadableSize < 0) {
                firstUnreadableSize = Files.size(file);
            }
            if (roundLines) {
                out.printf("round %2d: kill -9 %3d ms after its first save, %s -> %s%n", round, killedAfter,
                        leftBehind.isEmpty() ? "no temp left        " : "mid-save, temp left ", last.description());
            }
        }
        CommitTimes nextSave = new CommitTimes();
        if (kind == StoreKind.ANNOTATED && last != null) {
            ResilientIoEvents.Registration listening = ResilientIoEvents.register(nextSave);
            try {
                kind.create().save(file, last.tasks());
            } finally {
                listening.close();
            }
            tempsRemoved += removed(leftBehind);
        }
        Result result = new Result(kind, rounds, whole, midSave, tempsLeft, tempsRemoved, temps(file).size(),
                firstUnreadableSize, writerCommits.commits(),
                nextSave.commits().isEmpty() ? null : nextSave.commits().get(0));
        out.println(summary(result));
        if (kind == StoreKind.ANNOTATED) {
            out.println("  saves the killed writers committed (AtomicWriteCommitted, from a listener in each): "
                    + writerCommits.medians());
            if (result.nextSave() != null) {
                out.println("  the save after the last kill, here: " + EventLines.describe(result.nextSave()));
            }
        }
        return result;
    }

    private static String summary(Result result) {
        if (result.kind() == StoreKind.ANNOTATED) {
            return String.format("%s: tasks.json whole after %d of %d kills (%d mid-save); temps left by killed"
                    + " saves: %d, removed by the next save: %d, remaining: %d", result.kind().label(), result.whole(),
                    result.rounds(), result.midSave(), result.tempsLeft(), result.tempsRemoved(), result.tempsRemaining());
        }
        int unreadable = result.rounds() - result.whole();
        return String.format("%s, same kills: tasks.json half-written after %d of %d kills%s", result.kind().label(),
                unreadable, result.rounds(), unreadable == 0 ? ""
                        : String.format(" (the first one left with %,d bytes)", result.firstUnreadableSize()));
    }

    /** What a plain read of the file found after a kill: a whole revision, or why not. */
    private record ReadBack(List<Task> tasks, boolean whole, String description) {
    }

    /** Reads the file as any other program would, with no recovery, and says what it holds. */
    private static ReadBack readBack(Path file) throws IOException {
        List<Task> tasks;
        try {
            tasks = TaskJson.parse(Files.readAllBytes(file));
        } catch (RuntimeException unreadable) {
            return new ReadBack(List.of(), false, String.format("HALF-WRITTEN, unreadable (%,d bytes)", Files.size(file)));
        }
        OptionalLong revision = CrashWriter.revisionOf(tasks);
        if (tasks.size() != TASKS || revision.isEmpty()) {
            return new ReadBack(tasks, false, "DAMAGED: " + tasks.size() + " tasks, "
                    + (revision.isEmpty() ? "mixed revisions" : "one revision"));
        }
        return new ReadBack(tasks, true, String.format("whole: %d tasks, all of revision %d", tasks.size(),
                revision.getAsLong()));
    }

    private static int removed(List<Path> temps) {
        return (int) temps.stream().filter(temp -> !Files.exists(temp)).count();
    }

    /** The temps that saves of {@code file} create beside it: {@code .tasks.json.<token>.tmp}. */
    static List<Path> temps(Path file) throws IOException {
        List<Path> temps = new ArrayList<>();
        String prefix = "." + file.getFileName() + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), prefix + "*.tmp")) {
            entries.forEach(temps::add);
        }
        return temps;
    }
}
