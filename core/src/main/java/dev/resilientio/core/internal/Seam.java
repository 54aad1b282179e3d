package dev.resilientio.core.internal;

import dev.resilientio.core.seam.FaultSeam;
import java.io.IOException;
import java.nio.file.Path;

/** Where the engine asks the installed {@link FaultSeam}; one read of a field when none is installed. */
public final class Seam {

    private static volatile FaultSeam current;

    private Seam() {
    }

    /**
     * Installs a seam; see {@link FaultSeam#install}.
     *
     * @param seam the seam
     * @return restores the one before
     */
    public static synchronized FaultSeam.Installed install(FaultSeam seam) {
        FaultSeam previous = current;
        current = seam;
        return () -> restore(seam, previous);
    }

    /** Restores the seam before, unless another was installed since: a handle closed late or twice leaves that one. */
    private static synchronized void restore(FaultSeam installed, FaultSeam previous) {
        if (current == installed) {
            current = previous;
        }
    }

    /**
     * Asks the installed seam, if any, before a step.
     *
     * @param step the step
     * @param operation the operation's name, or {@code null}
     * @param target the file
     * @throws IOException the fault the seam injects
     */
    public static void before(FaultSeam.Step step, String operation, Path target) throws IOException {
        FaultSeam seam = current;
        if (seam != null) {
            seam.before(step, operation, target);
        }
    }

    /**
     * Tells whether a seam is installed, for a site that must prepare arguments before asking.
     *
     * @return {@code true} when one is installed
     */
    public static boolean installed() {
        return current != null;
    }
}
