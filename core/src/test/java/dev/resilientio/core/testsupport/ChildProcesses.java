package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs one test starts, killed after the test whatever its outcome, so that a failed
 * test never leaves a child holding a lock or writing a file. Register it on an instance field:
 * {@code @RegisterExtension final ChildProcesses children = new ChildProcesses();}
 */
public final class ChildProcesses implements AfterEachCallback {

    private final List<RunningChild> started = new ArrayList<>();

    /**
     * Starts {@code mainClass} in a new JVM, as {@link RunningChild#start} does, and keeps it for the kill.
     *
     * @param log the file for the child's stderr (its log output)
     * @param mainClass the main class, on the test class path
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public RunningChild start(Path log, Class<?> mainClass, String... args) throws IOException {
        return start(log, Map.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM with environment variables set on top of this JVM's, as
     * {@link RunningChild#start(Path, Map, Class, String...)} does, and keeps it for the kill.
     *
     * @param log the file for the child's stderr (its log output)
     * @param environment variables to set or replace
     * @param mainClass the main class, on the test class path
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public RunningChild start(Path log, Map<String, String> environment, Class<?> mainClass, String... args)
            throws IOException {
        RunningChild child = RunningChild.start(log, environment, mainClass, args);
        started.add(child);
        return child;
    }

    /**
     * Returns the children started so far in this test, in the order they were started.
     *
     * @return a copy of the list
     */
    public List<RunningChild> started() {
        return List.copyOf(started);
    }

    /** Returns how many children this test has started. */
    public int count() {
        return started.size();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(RunningChild::close);
        started.clear();
    }
}
