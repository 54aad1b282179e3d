package dev.resilientio.core.atomic;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM main that creates one engine temp file beside a target, prints its path and exits
 * without removing it: what a writer that died mid-write leaves behind.
 *
 * <p>Argument: the (resolved) target.
 */
public final class TempCreatingChild {

    private TempCreatingChild() {
    }

    public static void main(String[] args) throws IOException {
        Path temp = TempFiles.create(Path.of(args[0]));
        System.out.println(temp);
    }
}
