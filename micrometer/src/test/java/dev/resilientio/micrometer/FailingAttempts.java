package dev.resilientio.micrometer;

import dev.resilientio.core.seam.FaultSeam;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A fault seam that fails the next attempts on one file, before their body runs, as the file system would. */
final class FailingAttempts implements FaultSeam {

    private final Path target;
    private final String reason;
    private final AtomicInteger left;

    private FailingAttempts(Path target, int times, String reason) {
        this.target = target;
        this.reason = reason;
        this.left = new AtomicInteger(times);
    }

    /**
     * Installs a seam that fails the next attempts on a file.
     *
     * @param target the file, as the caller names it
     * @param times how many attempts fail
     * @param reason the error's reason, such as {@code Device or resource busy}
     * @return closing it removes the seam
     */
    static Installed on(Path target, int times, String reason) {
        return FaultSeam.install(new FailingAttempts(target, times, reason));
    }

    @Override
    public void before(Step step, String operation, Path file) throws IOException {
        if (step == Step.ATTEMPT && target.equals(file) && left.getAndDecrement() > 0) {
            throw new FileSystemException(file.toString(), null, reason + " (injected by the test)");
        }
    }
}
