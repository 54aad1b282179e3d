package dev.resilientio.examples;

import java.util.UUID;

/**
 * One entry of the task list, stored in {@code tasks.json} as {@code {"id", "title", "createdBy"}}.
 *
 * @param id a random identifier
 * @param title what to do
 * @param createdBy who added it: user, host process or demo worker
 */
public record Task(String id, String title, String createdBy) {

    /**
     * Creates a task with a fresh random id.
     *
     * @param title what to do
     * @param createdBy who adds it
     * @return the task
     */
    public static Task create(String title, String createdBy) {
        return new Task(UUID.randomUUID().toString(), title, createdBy);
    }
}
