package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedSubject;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * P3: an uncontended {@code @FileLocked} call against a raw {@code FileChannel} open, lock,
 * release and close of the very lock file the annotation uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class LockBenchmark {

    private Path directory;
    private Path file;
    private Path lockFile;
    private final PathOperation locked = new LockedSubject();

    /** A fresh directory; the lock file is created by the first call. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        WeavingCheck.verify(LockedSubject.class);
        directory = BenchFiles.freshDirectory("p3-");
        file = directory.resolve("data.json");
        lockFile = FileLocks.lockFileFor(file);
    }

    /** Removes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        BenchFiles.delete(directory);
    }

    /** P3: the annotated method. */
    @Benchmark
    public int fileLockedAnnotated() throws IOException {
        return locked.read(file);
    }

    /** P3 yardstick: the raw sequence on the same lock file. */
    @Benchmark
    public int rawFileChannelLock() throws IOException {
        return rawLock(lockFile, file);
    }

    /** The raw sequence, shared with {@link LockSyscalls}. */
    static int rawLock(Path lockFile, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            return lock.isValid() ? file.hashCode() : 0;
        }
    }
}
