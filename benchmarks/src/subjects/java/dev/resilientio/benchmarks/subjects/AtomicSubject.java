package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.benchmarks.PayloadWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * P2: a durable {@code @AtomicWrite} whose body writes the payload into the temp the way the
 * hand-written sequence writes it, in one channel write, so that the ratio measures what the
 * annotation adds. ({@code Files.write} would write 1 MiB in 128 pieces of 8 KiB, which alone costs
 * the hand-written sequence about 1.4 times its time: a cost of the body, not of the annotation.)
 * Nor does it truncate the temp, which is new and empty, as the hand-written sequence does not:
 * on ext4 a truncate followed by a write makes the {@code close} start the data's writeback at once
 * (its "replace by truncate" heuristic), another cost of the body.
 */
public class AtomicSubject implements PayloadWriter {

    /** Creates the subject. */
    public AtomicSubject() {
    }

    @Override
    @AtomicWrite(durability = Durability.FSYNC)
    public void write(Path file, byte[] payload) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            PayloadWriter.writeFully(channel, payload);
        }
    }
}
