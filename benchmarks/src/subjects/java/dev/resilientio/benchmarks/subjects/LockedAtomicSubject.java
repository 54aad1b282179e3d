package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.benchmarks.PayloadWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** P6: what the seeds' Python does by hand, as annotations: exclusive lock, then a durable atomic write. */
public class LockedAtomicSubject implements PayloadWriter {

    /** Creates the subject. */
    public LockedAtomicSubject() {
    }

    @Override
    @FileLocked(timeout = "5s")
    @AtomicWrite(durability = Durability.FSYNC)
    public void write(Path file, byte[] payload) throws IOException {
        Files.write(file, payload);
    }
}
