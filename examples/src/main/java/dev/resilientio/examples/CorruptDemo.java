package dev.resilientio.examples;

import dev.resilientio.core.events.BackupRecovered;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The recovery demo: three saves keep two backups, the task file is then cut in half behind the
 * store's back, and the annotated store's {@code load} ({@code @RecoverFromBackup}) is called again
 * on the newest backup that parses.
 */
public final class CorruptDemo {

    private static final List<String> TITLES = List.of("water the plants", "renew the passport", "call the plumber");

    private CorruptDemo() {
    }

    /**
     * What the load after the corruption returned.
     *
     * @param recovered the tasks {@code load} returned
     * @param expected the tasks of the newest backup: the list before the last add
     */
    public record Result(List<Task> recovered, List<Task> expected) {

        /**
         * Returns whether the load recovered exactly the newest backup's tasks.
         *
         * @return true when it did
         */
        public boolean ok() {
            return recovered.equals(expected);
        }
    }

    /**
     * Adds three tasks to {@code dir/tasks.json}, corrupts it, loads it back and prints each step.
     *
     * @param dir an empty directory
     * @param out where the lines go
     * @return what the load returned
     * @throws IOException when a save or the load fails
     */
    public static Result run(Path dir, PrintStream out) throws IOException {
        Path file = dir.resolve("tasks.json");
        TaskStore store = new ResilientTaskStore();
        for (String title : TITLES) {
            store.add(file, title, "corrupt-demo");
        }
        List<Task> beforeLastAdd = TaskJson.parse(Files.readAllBytes(dir.resolve("tasks.json.backup")));
        out.printf("3 adds through save() with @AtomicWrite(backups = 2): tasks.json has %d tasks,"
                + " tasks.json.backup %d, tasks.json.backup.1 %d%n", store.load(file).size(), beforeLastAdd.size(),
                TaskJson.parse(Files.readAllBytes(dir.resolve("tasks.json.backup.1"))).size());

        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        out.printf("tasks.json cut to %d of its %d bytes behind the store's back, as a torn write would leave it%n",
                bytes.length / 2, bytes.length);
        try {
            new PlainTaskStore().load(file);
            out.println("plain store: read it?! (this should not happen)");
        } catch (RuntimeException unreadable) {
            out.println("plain store: cannot read it (" + unreadable.getClass().getSimpleName() + ")");
        }

        List<Task> recovered = EventLog.around(out, Set.of(BackupRecovered.class), () -> store.load(file));
        out.printf("annotated store: @RecoverFromBackup ran load() again on tasks.json.backup (see the WARN above)"
                + " and got %d tasks: %s%n", recovered.size(), String.join(", ", recovered.stream().map(Task::title).toList()));
        return new Result(recovered, beforeLastAdd);
    }
}
