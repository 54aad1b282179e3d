package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.benchmarks.PathOperation;
import java.nio.file.Path;

/**
 * P3 and Z1: an uncontended exclusive {@code @FileLocked} acquire and release around an empty body
 * (Z1 with the lock taken through ZooKeeper).
 */
public class LockedSubject implements PathOperation {

    /** Creates the subject. */
    public LockedSubject() {
    }

    @Override
    @FileLocked(mode = LockMode.EXCLUSIVE, timeout = "5s")
    public int read(Path file) {
        return file.hashCode();
    }
}
