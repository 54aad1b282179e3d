package dev.resilientio.examples;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The same task store as {@link PlainTaskStore}, made safe by annotations woven at compile time: no
 * lost update across threads or processes, no half-written file after a crash, retry of transient
 * errors, and two rotating backups that {@code load} falls back to when the file is corrupt
 * ({@code @RecoverFromBackup}).
 * Thread-safe.
 */
public class ResilientTaskStore implements TaskStore {

    /** Creates the store; it holds no state. */
    public ResilientTaskStore() {
    }

    /**
     * Reads under a shared lock, so never while a save of another thread or process is half done. When
     * the file is corrupt (Jackson cannot parse it), the aspect calls this method again with
     * {@code file} set to the newest backup that parses, and logs a WARN naming it.
     */
    @Override
    @RetryFileOperation
    @FileLocked(mode = LockMode.SHARED)
    @RecoverFromBackup
    public List<Task> load(Path file) throws IOException {
        try {
            return TaskJson.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            return List.of();
        }
    }

    /**
     * Writes to a temp file (the aspect passes it as {@code file}) that replaces the task file
     * atomically and durably only when this method returns; the previous two versions are kept as
     * {@code tasks.json.backup} and {@code tasks.json.backup.1}.
     */
    @Override
    @RetryFileOperation
    @FileLocked
    @AtomicWrite(backups = 2)
    public void save(Path file, List<Task> tasks) throws IOException {
        TaskJson.write(file, tasks);
    }

    /**
     * Holds the exclusive lock across the read AND the write, so that no other process can save in
     * between; the nested {@link #load} and {@link #save} (this class's, so annotated) re-enter that
     * lock and run inside this method's retry rather than retrying on their own.
     */
    @Override
    @RetryFileOperation
    @FileLocked
    public Task add(Path file, String title, String createdBy) throws IOException {
        return TaskStore.super.add(file, title, createdBy);
    }
}
