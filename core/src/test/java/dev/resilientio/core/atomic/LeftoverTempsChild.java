package dev.resilientio.core.atomic;

import dev.resilientio.core.lock.LiveWrite;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM main that creates one engine temp file beside each target it is given, as a write
 * does (its write marked live first), prints their paths one a line and exits without removing
 * them or ending the marks: what a writer that died mid-write leaves.
 *
 * <p>Arguments: the (resolved) targets.
 */
public final class LeftoverTempsChild {

    private LeftoverTempsChild() {
    }

    public static void main(String[] args) throws IOException {
        for (String name : args) {
            Path target = Path.of(name);
            LiveWrite.begin(target, target);
            System.out.println(TempFiles.create(target));
        }
    }
}
