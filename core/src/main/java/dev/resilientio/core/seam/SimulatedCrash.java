package dev.resilientio.core.seam;

import java.nio.file.Path;

/**
 * Thrown by a {@link FaultSeam} to stop the engine at a step as if the process had been killed
 * there: the engine cleans nothing up (a temp written but not renamed stays, no recovery file is
 * kept) and retries nothing; locks are released, as the kernel releases a dead process's locks.
 * An {@link Error}, so that application code that catches exceptions does not swallow it.
 */
public final class SimulatedCrash extends Error {

    /** Its serial form's version. */
    private static final long serialVersionUID = 1L;

    /** The step the crash stopped before. */
    private final FaultSeam.Step step;

    /**
     * Creates a crash at a step.
     *
     * @param step the step the process "died" before
     * @param target the file the step worked for
     */
    public SimulatedCrash(FaultSeam.Step step, Path target) {
        super("Simulated crash before " + step + " of " + target + ": the disk is left as a kill -9 at that step"
                + " leaves it (a test's fault, set by FileFaults)");
        this.step = step;
    }

    /**
     * Returns the step the crash stopped before.
     *
     * @return the step
     */
    public FaultSeam.Step step() {
        return step;
    }
}
