package dev.resilientio.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A task list kept in a JSON file; the two implementations differ only in how they guard it. */
public interface TaskStore {

    /**
     * Reads the task list.
     *
     * @param file the JSON file
     * @return the tasks; empty when the file does not exist
     * @throws IOException when the file cannot be read
     */
    List<Task> load(Path file) throws IOException;

    /**
     * Replaces the task list.
     *
     * @param file the JSON file
     * @param tasks the tasks
     * @throws IOException when the file cannot be written
     */
    void save(Path file, List<Task> tasks) throws IOException;

    /**
     * Adds one task: reads the list, appends, saves. Safe across processes only when the
     * implementation holds one lock across the read and the write.
     *
     * @param file the JSON file
     * @param title what to do
     * @param createdBy who adds it
     * @return the task added
     * @throws IOException when the file cannot be read or written
     */
    default Task add(Path file, String title, String createdBy) throws IOException {
        List<Task> tasks = new ArrayList<>(load(file));
        Task task = Task.create(title, createdBy);
        tasks.add(task);
        save(file, tasks);
        return task;
    }
}
