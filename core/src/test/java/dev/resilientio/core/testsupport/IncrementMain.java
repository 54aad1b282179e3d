package dev.resilientio.core.testsupport;

import dev.resilientio.core.FileOperation;
import java.nio.file.NoSuchFileException;

/**
 * Child JVM of the lost-update test: the child's side of {@link IncrementRace}, each increment a
 * {@link FileOperation#update} of a {@link Counter} in its text form.
 *
 * <p>Arguments: the counter file, the number of increments.
 */
public final class IncrementMain {

    private static final FileOperation INCREMENT = FileOperation.named("IncrementMain.increment");

    private IncrementMain() {
    }

    public static void main(String[] args) {
        IncrementRace.child(args, file -> {
            try {
                return INCREMENT.read(file, Counter::parse).value();
            } catch (NoSuchFileException notYet) {
                return 0;
            }
        }, file -> INCREMENT.update(file, Counter::parse, new Counter(0), Counter::increment, Counter::bytes).value());
    }
}
