package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedSubject;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.weaving.WeavingCheck;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * P3's operations outside JMH, for counting their system calls under {@code strace -c}
 * ({@code syscalls.py}): {@code annotated} calls the {@code @FileLocked} subject, {@code raw} runs
 * the yardstick's open, lock, release and close, each the given number of times on the same files
 * as {@link LockBenchmark}. After the first operation, which creates the lock file, both wait until
 * the directory's last change is more than 2 s old, as in the benchmark after its warm-up and in a
 * service that locks a file in a directory it does not change at each lock.
 *
 * <p>Arguments: {@code annotated} or {@code raw}, the number of operations, the directory.
 */
public final class LockSyscalls {

    private LockSyscalls() {
    }

    /**
     * Runs the operations.
     *
     * @param args mode, operations, directory
     * @throws Exception when an operation fails
     */
    public static void main(String[] args) throws Exception {
        boolean annotated = "annotated".equals(args[0]);
        int operations = Integer.parseInt(args[1]);
        Path file = Files.createDirectories(Path.of(args[2])).resolve("data.json");
        WeavingCheck.verify(LockedSubject.class);
        PathOperation locked = new LockedSubject();
        Path lockFile = FileLocks.lockFileFor(file);
        int sum = annotated ? locked.read(file) : LockBenchmark.rawLock(lockFile, file);
        BenchFiles.awaitSettled(file.getParent());
        for (int i = 1; i < operations; i++) {
            sum += annotated ? locked.read(file) : LockBenchmark.rawLock(lockFile, file);
        }
        System.out.println(operations + " operations, checksum " + sum);
    }
}
