package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one call that P1 and P1b time, so that every variant (woven, agent, Resilience4j, Spring) is
 * reached the same way: an interface call on an object built once.
 */
public interface PathOperation {

    /**
     * Does a trivial amount of work with the file's path; never touches the disk.
     *
     * @param file the target file
     * @return a value that depends on the path, for JMH to consume
     * @throws IOException never on the success path that is timed
     */
    int read(Path file) throws IOException;
}
