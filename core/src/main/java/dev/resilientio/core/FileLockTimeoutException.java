package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.rules.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A file lock was not granted within its timeout. It is an {@link IOException}, so a surrounding
 * retry treats it as transient and tries again.
 */
public class FileLockTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path target;
    private final transient Path lockFile;
    /** The lock mode that was asked for. */
    private final LockMode mode;
    /** How long the caller waited before giving up. */
    private final Duration waited;
    /** Who holds the lock, as far as known, for example {@code "another process"}. */
    private final String heldBy;
    /** What to do about it, as the message ends. */
    private final String advice;

    /**
     * Creates the exception for a lock that was not granted.
     *
     * @param target the file the caller wanted to lock
     * @param lockFile the sidecar lock file the lock is taken on
     * @param mode the mode asked for
     * @param waited how long the caller waited
     * @param heldBy who holds the lock, as far as known, for example {@code "another process"}
     */
    public FileLockTimeoutException(Path target, Path lockFile, LockMode mode, Duration waited, String heldBy) {
        this(target, lockFile, mode, waited, heldBy, "Let the holder finish, or raise the timeout (@FileLocked(timeout = ...),"
                + " RESILIENT_IO_<OPERATION>_LOCK_TIMEOUT or RESILIENT_IO_LOCK_TIMEOUT).");
    }

    /**
     * Creates the exception with the advice that fits why the wait ended.
     *
     * @param target the file the caller wanted to lock
     * @param lockFile the sidecar file the lock is taken on
     * @param mode the mode asked for, or {@code null} when not known (a fault a test injects)
     * @param waited how long the caller waited
     * @param heldBy who holds the lock, as far as known, for example {@code "another process"}
     * @param advice what to do about it, one or more sentences
     */
    public FileLockTimeoutException(Path target, Path lockFile, LockMode mode, Duration waited, String heldBy,
            String advice) {
        super("Timed out after " + Durations.format(waited) + " waiting for " + IoErrors.lockPhrase(mode)
                + " on " + target + " (lock file " + lockFile + "), held by " + heldBy + ". " + advice);
        this.target = target;
        this.lockFile = lockFile;
        this.mode = mode;
        this.waited = waited;
        this.heldBy = heldBy;
        this.advice = advice;
    }

    /**
     * Returns the same timeout with its mode known: for the engine, when a test's fault seam injected
     * one without it (the seam is not told the mode).
     *
     * @param known the mode asked for
     * @return a timeout with every other field and the stack trace of this one
     */
    public FileLockTimeoutException withMode(LockMode known) {
        FileLockTimeoutException withMode = new FileLockTimeoutException(target, lockFile, known, waited, heldBy, advice);
        withMode.setStackTrace(getStackTrace());
        return withMode;
    }

    /**
     * Returns who holds the lock, as far as known.
     *
     * @return such as {@code "another process"}
     */
    public String heldBy() {
        return heldBy;
    }

    /**
     * Returns the file the caller wanted to lock.
     *
     * @return the target file
     */
    public Path target() {
        return target;
    }

    /**
     * Returns the sidecar lock file the lock is taken on.
     *
     * @return the lock file
     */
    public Path lockFile() {
        return lockFile;
    }

    /**
     * Returns the mode the caller asked for.
     *
     * @return the lock mode, or {@code null} when the thrower did not know it (a timeout a test's
     *     {@link dev.resilientio.core.seam.FaultSeam} injected before the lock wait)
     */
    public LockMode mode() {
        return mode;
    }

    /**
     * Returns how long the caller waited before giving up.
     *
     * @return the wait
     */
    public Duration waited() {
        return waited;
    }
}
