package dev.resilientio.test;

import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** A fault set up in a {@link FileFaults}, and how many uses it has left; guarded by the faults' lock. */
final class PlannedFault {

    /** A lock wait ended as a timeout; the mode asked for is the engine's to tell (its events carry it). */
    static final FileFaults.Failure LOCK_TIMEOUT = new FileFaults.Failure() {
        @Override
        public IOException create(Path file) {
            return new FileLockTimeoutException(file, lockFileOf(file), null, Duration.ZERO, "nobody",
                    "The timeout was injected by FileFaults.timeOutNextLockWaits; no lock was waited for.");
        }

        @Override
        public String toString() {
            return "a lock timeout";
        }
    };

    private final Step step;
    private final FaultTarget target;
    private final int times;
    /** The error to throw, or {@code null} for a crash. */
    private final FileFaults.Failure failure;
    private int remaining;

    PlannedFault(Step step, FaultTarget target, int times, FileFaults.Failure failure) {
        this.step = step;
        this.target = target;
        this.times = times;
        this.failure = failure;
        this.remaining = times;
    }

    /** Uses this fault for a step on a file if it applies and has uses left: the fault to throw, else {@code null}. */
    Throwable use(Step reached, Path file) {
        if (reached != step || remaining == 0 || !target.matches(file)) {
            return null;
        }
        remaining--;
        if (failure == null) {
            return new SimulatedCrash(step, file);
        }
        return Objects.requireNonNull(failure.create(file), () -> "the FileFaults.Failure " + failure + " returned null for " + file);
    }

    /** Describes what is left unused, or returns {@code null} when the fault was used as many times as asked. */
    String unused() {
        return remaining == 0 ? null : this + ": " + remaining + " of " + times + " not reached";
    }

    @Override
    public String toString() {
        if (failure == null) {
            return "crash at " + step + " of " + target;
        }
        if (failure == LOCK_TIMEOUT) {
            return "time out the next " + times + " lock wait(s) of " + target;
        }
        return "fail the next " + times + " " + step + " step(s) of " + target + " with " + failure;
    }

    private static Path lockFileOf(Path file) {
        try {
            return FileLocks.lockFileFor(file);
        } catch (IOException | RuntimeException unresolved) {
            return file.resolveSibling(file.getFileName() + ".lock");
        }
    }
}
