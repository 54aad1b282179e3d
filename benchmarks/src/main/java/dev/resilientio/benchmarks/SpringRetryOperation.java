package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.retry.annotation.Retryable;

/** P1b: the peer Spring Retry, its {@code @Retryable} applied by a proxy that {@code @EnableRetry} makes. */
public class SpringRetryOperation implements PathOperation {

    @Override
    @Retryable(retryFor = IOException.class)
    public int read(Path file) throws IOException {
        return file.hashCode();
    }
}
