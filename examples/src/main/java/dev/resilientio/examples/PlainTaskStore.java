package dev.resilientio.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The task store as it is usually first written, with no guard at all: two processes that add at
 * once lose each other's tasks, and a crash mid-save leaves a half-written file. Kept for contrast
 * with {@link ResilientTaskStore}.
 */
public class PlainTaskStore implements TaskStore {

    /** Creates the store; it holds no state. */
    public PlainTaskStore() {
    }

    @Override
    public List<Task> load(Path file) throws IOException {
        try {
            return TaskJson.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            return List.of();
        }
    }

    @Override
    public void save(Path file, List<Task> tasks) throws IOException {
        TaskJson.write(file, tasks);
    }
}
