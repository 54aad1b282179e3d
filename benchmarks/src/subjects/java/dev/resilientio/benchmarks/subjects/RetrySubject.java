package dev.resilientio.benchmarks.subjects;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.benchmarks.PathOperation;
import java.io.IOException;
import java.nio.file.Path;

/** P1: the success path of {@code @RetryFileOperation}; the body is as cheap as {@code PlainOperation}'s. */
public class RetrySubject implements PathOperation {

    /** Creates the subject. */
    public RetrySubject() {
    }

    @Override
    @RetryFileOperation(name = "bench.retry")
    public int read(Path file) throws IOException {
        return file.hashCode();
    }
}
