package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.benchmarks.PathOperation;
import java.nio.file.Path;

/** P3: an uncontended {@code @FileLocked} acquire and release around an empty body. */
public class LockedSubject implements PathOperation {

    /** Creates the subject. */
    public LockedSubject() {
    }

    @Override
    @FileLocked(timeout = "5s")
    public int read(Path file) {
        return file.hashCode();
    }
}
