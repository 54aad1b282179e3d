package dev.resilientio.benchmarks;

import java.nio.file.Path;

/** The floor of P1: the same body as the subjects, with no annotation and no decorator. */
public final class PlainOperation implements PathOperation {

    @Override
    public int read(Path file) {
        return file.hashCode();
    }
}
