package dev.resilientio.examples.boot;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * Reads and writes the lists' JSON files. The annotations do the file safety: a save replaces the
 * file atomically under an exclusive lock and is retried on transient errors, a load reads under a
 * shared lock, and an add reads, appends and saves under one exclusive lock, so that no update is
 * lost between threads or between processes sharing the data directory. The calls from
 * {@link #add} to {@link #load} and {@link #save} are self-calls, which woven annotations apply to
 * and a Spring proxy would not. Thread-safe.
 */
@Service
public class TallyStore {

    private final TallyJson json;
    private final FaultSwitch faults;

    /**
     * Creates the store.
     *
     * @param json reads and writes a tally as JSON, with the application's JSON mapper
     * @param faults fails save attempts on demand, to show retries
     */
    public TallyStore(TallyJson json, FaultSwitch faults) {
        this.json = json;
        this.faults = faults;
    }

    /**
     * Reads a list; a list never written is empty.
     *
     * @param file the list's file
     * @return its content
     * @throws IOException when it cannot be read after the retries
     */
    @RetryFileOperation
    @FileLocked(mode = LockMode.SHARED)
    public Tally load(Path file) throws IOException {
        return Files.exists(file) ? json.read(file) : Tally.EMPTY;
    }

    /**
     * Replaces a list's content: written to a temp file, synced, then renamed over the file.
     *
     * @param file the list's file (the body writes a temp file beside it)
     * @param tally the new content
     * @throws IOException when it cannot be written after the retries; the file is then unchanged
     */
    @RetryFileOperation
    @FileLocked
    @AtomicWrite
    public void save(Path file, Tally tally) throws IOException {
        faults.failIfArmed(file);
        json.write(file, tally);
    }

    /**
     * Appends one entry: the read, the append and the save under one exclusive lock, retried as a
     * whole (the inner load and save run once per attempt; nested calls do not multiply retries).
     *
     * @param file the list's file
     * @param entry the entry to append
     * @return the list's new content
     * @throws IOException when it cannot be updated after the retries; the file is then unchanged
     */
    @RetryFileOperation
    @FileLocked
    public Tally add(Path file, String entry) throws IOException {
        Tally updated = load(file).with(entry);
        save(file, updated);
        return updated;
    }
}
