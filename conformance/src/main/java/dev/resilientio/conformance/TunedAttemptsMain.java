package dev.resilientio.conformance;

import dev.resilientio.core.testsupport.ChildIo;
import dev.resilientio.conformance.fixtures.TunableFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM of {@link OperationOverrideTest}: runs each retried operation of {@link TunableFiles}
 * failing on every attempt, with the environment its parent gave it, and prints
 * {@code <operation> <attempts>} for each, then exits 0. Argument: a file in a scratch directory.
 */
public final class TunedAttemptsMain {

    private TunedAttemptsMain() {
    }

    /**
     * Runs the child.
     *
     * @param args a file the operations name
     */
    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            ChildIo.signal("save " + attemptsOf(file, Operation.SAVE));
            ChildIo.signal("load " + attemptsOf(file, Operation.LOAD));
            ChildIo.signal("scan " + attemptsOf(file, Operation.SCAN));
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    private enum Operation { SAVE, LOAD, SCAN }

    private static int attemptsOf(Path file, Operation operation) {
        TunableFiles files = new TunableFiles();
        files.failures.thenFailTimes(100);
        try {
            switch (operation) {
                case SAVE -> files.save(file);
                case LOAD -> files.load(file);
                case SCAN -> files.scan(file);
            }
            throw new IllegalStateException(operation + " succeeded although every attempt fails");
        } catch (IOException expected) {
            return files.failures.attempts();
        }
    }
}
