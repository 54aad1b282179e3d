package dev.resilientio.core.testsupport;

import dev.resilientio.core.internal.TargetPaths;
import java.nio.file.Path;

/**
 * Child JVM that prints, for each path argument, {@code TargetPaths.resolve} of it, or the simple
 * name of the exception it threw; one line each. Lets a test compare the resolution of two Java versions.
 */
public final class ResolveMain {

    private ResolveMain() {
    }

    public static void main(String[] args) {
        for (String path : args) {
            System.out.println(resolveOrError(Path.of(path)));
        }
    }

    /** {@code TargetPaths.resolve} of a path, or the simple name of what it threw. */
    public static String resolveOrError(Path path) {
        try {
            return TargetPaths.resolve(path).toString();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
