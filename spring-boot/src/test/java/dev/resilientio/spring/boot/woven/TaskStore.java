package dev.resilientio.spring.boot.woven;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The task store of docs/spring-boot.md, woven by ajc: its operation is {@code TaskStore.save}. */
public class TaskStore {

    /**
     * Saves the tasks: retried, under an exclusive lock, written atomically.
     *
     * @param target the file
     * @param content the tasks
     * @throws IOException when the save fails
     */
    @RetryFileOperation
    @FileLocked(timeout = "5s")
    @AtomicWrite(backups = 2)
    public void save(Path target, String content) throws IOException {
        Files.writeString(target, content);
    }
}
