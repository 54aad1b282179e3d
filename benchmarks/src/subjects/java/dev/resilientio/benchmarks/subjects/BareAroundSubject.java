package dev.resilientio.benchmarks.subjects;

import dev.resilientio.benchmarks.PathOperation;
import java.nio.file.Path;

/** P1 floor: the body of {@link RetrySubject} under a bare AspectJ around advice instead of resilient-io's. */
public class BareAroundSubject implements PathOperation {

    /** Creates the subject. */
    public BareAroundSubject() {
    }

    @Override
    @BareAround
    public int read(Path file) {
        return file.hashCode();
    }
}
