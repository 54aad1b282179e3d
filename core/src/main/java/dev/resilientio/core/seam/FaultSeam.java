package dev.resilientio.core.seam;

import dev.resilientio.core.internal.Seam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Asked by the engine before each step where file IO can fail, to make it fail on purpose: for
 * tests of the code that uses the engine, never for production. Throw an {@link IOException} to
 * fail the step as the file system would (the engine then does what it does for that error: retry
 * it, keep the target untouched, and so on), or a {@link SimulatedCrash} to stop there as a
 * {@code kill -9} would, leaving the disk as it is at that step. Implementations are thread-safe.
 */
@FunctionalInterface
public interface FaultSeam {

    /** A step of the engine where IO fails in production. */
    enum Step {
        /** An attempt of a call, before its body runs: inside the lock and, for an atomic write, with the temp created. */
        ATTEMPT,
        /** A wait for a lock, before the engine looks at the lock; an IOException thrown here ends the wait. */
        LOCK,
        /** An atomic write's sync of the temp's content: the content is written, nothing renamed. */
        TEMP_FSYNC,
        /** An atomic write's rename of the temp over the target: the temp is complete (and synced when durable). */
        RENAME,
        /** An atomic write's sync of the directory: the new content is in place but its rename not yet durable. */
        DIRECTORY_FSYNC
    }

    /**
     * Called before a step.
     *
     * @param step the step about to run
     * @param operation the operation's name, or {@code null} when the engine was called outside an operation
     * @param target the file the step works for, as the caller named it (for a commit: the file replaced, resolved)
     * @throws IOException to make the step fail with it
     */
    void before(Step step, String operation, Path target) throws IOException;

    /**
     * Makes a seam the one every step of this JVM asks, until the returned handle is closed.
     *
     * @param seam the seam
     * @return closing it restores the seam installed before (usually none)
     */
    static Installed install(FaultSeam seam) {
        return Seam.install(Objects.requireNonNull(seam, "seam"));
    }

    /** Restores the seam that {@link #install} replaced. */
    @FunctionalInterface
    interface Installed extends AutoCloseable {

        /** Restores the previous seam. */
        @Override
        void close();
    }
}
