package dev.resilientio.core.testsupport;

import dev.resilientio.core.internal.TempFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM main that creates one engine temp file beside each target it is given, prints their
 * paths one a line and exits without removing them: what a writer that died mid-write leaves.
 *
 * <p>Arguments: the (resolved) targets.
 */
public final class LeftoverTempsChild {

    private LeftoverTempsChild() {
    }

    public static void main(String[] args) throws IOException {
        for (String target : args) {
            System.out.println(TempFiles.create(Path.of(target)));
        }
    }
}
