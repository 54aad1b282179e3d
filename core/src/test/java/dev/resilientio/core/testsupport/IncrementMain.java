package dev.resilientio.core.testsupport;

import dev.resilientio.core.ResilientFiles;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Child JVM for the lost-update test: prints {@code READY}, waits for {@code GO} on stdin so that all
 * children start together, then increments the counter in a JSON file {@code times} times through
 * {@link ResilientFiles#updateJson}, prints {@code VALUES} and the values it wrote, comma-separated,
 * then {@code DONE}, and exits 0.
 *
 * <p>Arguments: the JSON file, the number of increments.
 */
public final class IncrementMain {

    private IncrementMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            int times = Integer.parseInt(args[1]);
            // Loads the engine and Jackson now, so the children race on the file and not on class loading.
            ResilientFiles.readJson(file, Counter.class, new Counter(0));
            ChildIo.signal("READY");
            if (!"GO".equals(ChildIo.awaitParent())) {
                throw new IllegalStateException("expected GO from the parent");
            }
            StringJoiner written = new StringJoiner(",", "VALUES ", "");
            for (int i = 0; i < times; i++) {
                written.add(String.valueOf(
                        ResilientFiles.updateJson(file, Counter.class, new Counter(0), Counter::increment).value()));
            }
            ChildIo.signal(written.toString());
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
