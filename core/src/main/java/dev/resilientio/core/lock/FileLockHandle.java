package dev.resilientio.core.lock;

import dev.resilientio.annotations.LockMode;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;

/**
 * A held file lock; {@link #close()} releases it. Must be closed by the thread that acquired it,
 * exactly once (further closes do nothing).
 */
public final class FileLockHandle implements AutoCloseable {

    private final LockEntry entry;
    private final Lock threadLock;
    private final Path target;
    private final LockMode mode;
    private final Thread owner = Thread.currentThread();
    /** Whether this hold counts in the JVM's OS lock ({@code RESILIENT_IO_LOCK_OS} was on when it was taken). */
    private final boolean osLock;
    /** The grant across hosts this hold took, as the thread's outermost one; {@code null} otherwise. */
    private final ClusterLock cluster;
    private boolean released;

    FileLockHandle(LockEntry entry, Lock threadLock, Path target, LockMode mode, boolean osLock, ClusterLock cluster) {
        this.entry = entry;
        this.threadLock = threadLock;
        this.target = target;
        this.mode = mode;
        this.osLock = osLock;
        this.cluster = cluster;
    }

    /**
     * Returns the locked file.
     *
     * @return the target, resolved
     */
    public Path target() {
        return target;
    }

    /**
     * Returns the sidecar file the lock is taken on.
     *
     * @return the lock file
     */
    public Path lockFile() {
        return entry.lockFile();
    }

    /**
     * Returns the mode held.
     *
     * @return the mode
     */
    public LockMode mode() {
        return mode;
    }

    /**
     * Releases the lock: the OS lock when this was the JVM's last holder, the lock across hosts when
     * this was the thread's outermost hold, then the thread lock.
     *
     * @throws IllegalStateException when called by another thread than the one that acquired it;
     *     the lock is then still held
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("The " + mode + " lock on " + target + " was acquired by thread '"
                    + owner.getName() + "' and must be released by it, not by '" + Thread.currentThread().getName()
                    + "'; it is still held.");
        }
        released = true;
        if (osLock) {
            entry.osMutex().lock();
            try {
                entry.releaseOsLock();
            } finally {
                entry.osMutex().unlock();
            }
        }
        if (cluster != null) {
            ClusterLocking.release(entry.lockFile(), cluster, mode);
        }
        threadLock.unlock();
        LockRegistry.instance().release(entry);
    }
}
