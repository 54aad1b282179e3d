package dev.resilientio.examples;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The writer that the crash demo kills: rewrites a large task file in a loop through one store's
 * {@code save}, each time as a new revision, and prints {@code WRITING} once its first save is
 * done, and a {@code COMMIT} line ({@link CommitTimes}) as each save commits. It exits by itself
 * only when its parent is gone (its stdin closes).
 *
 * <p>Arguments: {@code ANNOTATED} or {@code PLAIN}, the file, the number of tasks.
 */
public final class CrashWriter {

    private static final String REVISION = "crash-demo writer, revision ";

    private CrashWriter() {
    }

    /**
     * Runs the writer; started by {@link CrashDemo}.
     *
     * @param args store kind, file, tasks
     * @throws IOException when a save fails
     */
    public static void main(String[] args) throws IOException {
        WeavingCheck.verify(ResilientTaskStore.class);
        StoreKind kind = StoreKind.valueOf(args[0]);
        Path file = Path.of(args[1]);
        List<Task> tasks = revision(Integer.parseInt(args[2]), 1);
        exitWhenParentIsGone();
        ResilientIoEvents.register(event -> {
            if (event instanceof AtomicWriteCommitted commit) {
                System.out.println(CommitTimes.line(commit));
            }
        });
        TaskStore store = kind.create();
        for (long revision = 1; ; revision++) {
            store.save(file, tasks);
            if (revision == 1) {
                System.out.println("WRITING");
            }
            tasks = withRevision(tasks, revision + 1);
        }
    }

    /**
     * Builds revision {@code revision} of the large task list: every task carries the revision, so
     * that a file mixing two revisions shows.
     *
     * @param count how many tasks
     * @param revision the revision
     * @return the tasks
     */
    static List<Task> revision(int count, long revision) {
        List<Task> tasks = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            tasks.add(new Task(String.format("task-%06d", i), "task " + i + " of " + count, REVISION + revision));
        }
        return tasks;
    }

    /** The same tasks as another revision; cheap, so that the writer spends its time saving. */
    private static List<Task> withRevision(List<Task> tasks, long revision) {
        String createdBy = REVISION + revision;
        List<Task> next = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            next.add(new Task(task.id(), task.title(), createdBy));
        }
        return next;
    }

    /**
     * Returns the one revision all tasks carry.
     *
     * @param tasks the tasks read back
     * @return the revision, or empty when the tasks mix revisions or carry none
     */
    static OptionalLong revisionOf(List<Task> tasks) {
        long found = -1;
        for (Task task : tasks) {
            if (task.createdBy() == null || !task.createdBy().startsWith(REVISION)) {
                return OptionalLong.empty();
            }
            long revision = Long.parseLong(task.createdBy().substring(REVISION.length()));
            if (found != -1 && revision != found) {
                return OptionalLong.empty();
            }
            found = revision;
        }
        return found == -1 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** A killed parent must not leave a writer looping for ever: stdin closes when it dies. */
    private static void exitWhenParentIsGone() {
        Thread watcher = new Thread(() -> {
            try (InputStream stdin = System.in) {
                while (stdin.read() != -1) {
                    // Nothing is ever sent; the read only waits for the end.
                }
            } catch (IOException closed) {
                // Same as the end of input.
            }
            Runtime.getRuntime().halt(3);
        }, "parent watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
