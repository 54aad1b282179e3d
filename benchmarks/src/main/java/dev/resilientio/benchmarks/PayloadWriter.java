package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/** A write of a whole payload to a file, as P2, P3 and P6 time it in several ways. */
public interface PayloadWriter {

    /**
     * Replaces the file's content with the payload.
     *
     * @param file the target file
     * @param payload the new content
     * @throws IOException when the write fails
     */
    void write(Path file, byte[] payload) throws IOException;
}
