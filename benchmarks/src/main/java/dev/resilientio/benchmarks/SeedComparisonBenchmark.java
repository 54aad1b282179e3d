package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedAtomicSubject;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P6, the Java half: {@code @FileLocked} + durable {@code @AtomicWrite} of a 4 KiB payload. The
 * Python half is {@code seed_write.py}, timed by run.sh in the same run, on the same file system.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SeedComparisonBenchmark {

    /** The payload size of the seeds' comparison. */
    public static final int PAYLOAD = 4096;

    private Path directory;
    private Path file;
    private final byte[] payload = BenchFiles.payload(PAYLOAD);
    private final PayloadWriter subject = new LockedAtomicSubject();

    /** Creates the target in a fresh directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        WeavingCheck.verify(LockedAtomicSubject.class);
        directory = BenchFiles.freshDirectory("p6-");
        file = directory.resolve("tasks.json");
        Files.write(file, payload);
    }

    /** Removes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        BenchFiles.delete(directory);
    }

    /** P6: lock and durable atomic write, as annotations. */
    @Benchmark
    public void lockedAtomicWrite() throws IOException {
        subject.write(file, payload);
    }
}
