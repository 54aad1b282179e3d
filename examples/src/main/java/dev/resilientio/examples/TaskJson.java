package dev.resilientio.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a task list (a JSON array of tasks), shared by both stores so that they differ
 * only in how they guard the file. Thread-safe.
 */
public final class TaskJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TaskJson() {
    }

    /**
     * Parses a task list.
     *
     * @param bytes the file's content
     * @return the tasks
     * @throws tools.jackson.core.JacksonException when the bytes are not a whole JSON task list,
     *     such as a half-written file
     */
    public static List<Task> parse(byte[] bytes) {
        Task[] tasks = MAPPER.readValue(bytes, Task[].class);
        if (tasks == null) {
            throw new IllegalArgumentException("the file holds null, not a task list");
        }
        return List.copyOf(Arrays.asList(tasks));
    }

    /**
     * Returns a task list's JSON, as {@link #write} puts it in a file, for writers that take the whole content.
     *
     * @param tasks the tasks
     * @return the UTF-8 JSON
     */
    public static byte[] bytes(List<Task> tasks) {
        return MAPPER.writeValueAsBytes(tasks);
    }

    /**
     * Streams a task list into a file, truncating it first, the way most code writes JSON: a reader
     * or a crash in the middle sees a half-written file unless the caller guards against it.
     *
     * @param file the file
     * @param tasks the tasks
     * @throws IOException when writing fails
     */
    public static void write(Path file, List<Task> tasks) throws IOException {
        try {
            MAPPER.writeValue(file, tasks);
        } catch (JacksonIOException e) {
            // Jackson 3 wraps IO errors in an unchecked exception; callers get the IOException, as from Files.write.
            throw e.getCause();
        }
    }
}
