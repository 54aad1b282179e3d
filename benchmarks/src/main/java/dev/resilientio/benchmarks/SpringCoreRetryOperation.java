package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.resilience.annotation.Retryable;

/** P1b: Spring Framework 7's own {@code @Retryable}, applied by the proxy of {@code @EnableResilientMethods}. */
public class SpringCoreRetryOperation implements PathOperation {

    @Override
    @Retryable(includes = IOException.class)
    public int read(Path file) throws IOException {
        return file.hashCode();
    }
}
