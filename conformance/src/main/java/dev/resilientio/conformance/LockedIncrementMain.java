package dev.resilientio.conformance;

import dev.resilientio.core.testsupport.ChildIo;
import dev.resilientio.conformance.fixtures.CounterFile;
import java.nio.file.Path;

/**
 * Child JVM of {@link CrossProcessLockTest}: prints {@code READY}, waits for {@code GO}, then adds
 * one to the counter file {@code times} times through the {@code @FileLocked} {@link CounterFile#increment},
 * prints {@code DONE} and exits 0. Arguments: the counter file, the number of increments.
 */
public final class LockedIncrementMain {

    private LockedIncrementMain() {
    }

    /**
     * Runs the child.
     *
     * @param args the counter file and the number of increments
     */
    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            int times = Integer.parseInt(args[1]);
            CounterFile counter = new CounterFile();
            // Weaves and resolves the method now, so the children race on the file and not on class loading.
            counter.increment(Path.of(args[0] + ".warm-up"));
            ChildIo.signal("READY");
            if (!"GO".equals(ChildIo.awaitParent())) {
                throw new IllegalStateException("expected GO from the parent");
            }
            for (int i = 0; i < times; i++) {
                counter.increment(file);
            }
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
