package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.AtomicSubject;
import dev.resilientio.core.weaving.WeavingCheck;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * P2's writes outside JMH, for counting their system calls under {@code strace -c}
 * ({@code syscalls.py}): {@code annotated} calls the {@code @AtomicWrite} subject, {@code raw} the
 * hand-written durable sequence, each the given number of times over the same 4 KiB file.
 *
 * <p>Arguments: {@code annotated} or {@code raw}, the number of writes, the directory.
 */
public final class AtomicWriteSyscalls {

    private AtomicWriteSyscalls() {
    }

    /**
     * Runs the writes.
     *
     * @param args mode, writes, directory
     * @throws Exception when a write fails
     */
    public static void main(String[] args) throws Exception {
        boolean annotated = "annotated".equals(args[0]);
        int writes = Integer.parseInt(args[1]);
        Path file = Files.createDirectories(Path.of(args[2])).resolve("data.bin");
        WeavingCheck.verify(AtomicSubject.class);
        byte[] payload = BenchFiles.payload(4096);
        Files.write(file, payload);
        PayloadWriter writer = annotated ? new AtomicSubject() : new HandWrittenDurableWrite();
        for (int i = 0; i < writes; i++) {
            writer.write(file, payload);
        }
        System.out.println(writes + " writes of " + file);
    }
}
