package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.AtomicSubject;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P2: a durable {@code @AtomicWrite} of 4 KiB and 1 MiB against the hand-written durable sequence,
 * and plain {@code Files.write} as the non-durable floor; each replaces the same existing file.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class AtomicWriteBenchmark {

    /** Payload size in bytes. */
    @Param({"4096", "1048576"})
    public int size;

    private Path directory;
    private Path file;
    private byte[] payload;
    private final PayloadWriter atomic = new AtomicSubject();
    private final PayloadWriter handWritten = new HandWrittenDurableWrite();

    /** Creates the target file in a fresh directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        WeavingCheck.verify(AtomicSubject.class);
        directory = BenchFiles.freshDirectory("p2-");
        file = directory.resolve("data.bin");
        payload = BenchFiles.payload(size);
        Files.write(file, payload);
    }

    /** Removes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        BenchFiles.delete(directory);
    }

    /** P2: the annotated method. */
    @Benchmark
    public void atomicWriteAnnotated() throws IOException {
        atomic.write(file, payload);
    }

    /** P2 yardstick: the hand-written durable sequence. */
    @Benchmark
    public void handWrittenDurable() throws IOException {
        handWritten.write(file, payload);
    }

    /** P2 floor: not atomic, not durable. */
    @Benchmark
    public void plainFilesWrite() throws IOException {
        Files.write(file, payload);
    }
}
