package dev.resilientio.agent.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One file operation of a fixture class; tests call it through this interface because the class
 * they call is a redefined copy, loaded anew by a class loader of its own.
 */
public interface FileOperation {

    /**
     * Runs the operation.
     *
     * @param file the file it works on
     * @return what the operation reports
     * @throws IOException when the operation fails
     */
    String run(Path file) throws IOException;
}
