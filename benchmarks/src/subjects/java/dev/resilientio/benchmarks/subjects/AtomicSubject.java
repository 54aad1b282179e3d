package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.benchmarks.PayloadWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** P2: a durable {@code @AtomicWrite} whose body is the plain {@code Files.write} of the floor. */
public class AtomicSubject implements PayloadWriter {

    /** Creates the subject. */
    public AtomicSubject() {
    }

    @Override
    @AtomicWrite(durability = Durability.FSYNC)
    public void write(Path file, byte[] payload) throws IOException {
        Files.write(file, payload);
    }
}
