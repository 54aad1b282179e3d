package dev.resilientio.core.lock;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.ThrowingSupplier;
import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.ResolvedTarget;
import dev.resilientio.core.internal.Seam;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.jfr.JfrEvents;
import dev.resilientio.core.seam.FaultSeam;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Shared and exclusive file locks that exclude threads of this JVM and other processes: the engine
 * behind {@code @FileLocked}. Thread-safe.
 *
 * <p>The lock is taken on a sidecar file {@code <name>.lock} beside the target, never deleted, opened
 * without following links and given the target's owner and mode, so that only those who may access
 * the data may lock it. A
 * thread that holds a lock re-enters it. Asking for an exclusive lock while the same thread holds a
 * shared one fails at once with an {@link IllegalStateException}, since it could never be granted.
 * Waiting for another process polls with a backoff up to 2 ms. A writer waiting for EXCLUSIVE
 * keeps new SHARED holders out, across processes too, so that readers taking turns cannot starve it;
 * a thread asking for SHARED while other threads of its JVM hold it lets such a writer go first for
 * at most 300 ms (and half its timeout), then joins them, since they may be waiting for it (a parallel
 * read inside a shared lock). So readers of one JVM taking turns with overlapping holds can keep such
 * a writer out only with holds longer than that.
 *
 * <p>With {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper} (and {@code resilient-io-zookeeper} on the
 * class path) a thread's outermost hold also takes the lock across hosts, after this JVM's threads are
 * ordered and before the OS lock; {@code RESILIENT_IO_LOCK_OS=false} leaves the OS lock file out, for a
 * share whose locks hang. An atomic write under an exclusive such lock is fenced ({@link Fencing}).
 *
 * <p>On Linux and macOS a lock file stays open after its last holder released it (when more are
 * idle than a sixteenth of the process's open-file limit, at most 128, the next lock closes them; an
 * open that fails for too many open files closes them too), so that taking the lock again costs no
 * open and close; call {@link #closeIdleLockFiles()}
 * before unmounting or remounting read-only a file system this JVM locked files on.
 */
public final class FileLocks {

    /** The operation named in the events of a lock taken outside an operation (this class called directly). */
    static final String UNNAMED = "FileLocks.acquire";

    static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /**
     * A waiter notices another process's release at most this long after it: processes taking turns
     * on updates of a millisecond or two would otherwise spend most of their time waiting for a lock
     * that is free; polling every 2 ms costs a waiter a few hundred system calls a second.
     */
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Lock file names remembered by {@link #lockFileOf} before they are built again. */
    private static final int MAX_LOCK_FILES = 1024;
    private static final ConcurrentHashMap<Path, Path> LOCK_FILES = new ConcurrentHashMap<>();

    /**
     * How long at most a reader thread lets a waiting writer of another process go first before it
     * joins the shared lock its JVM holds (and never more than half its own timeout): the holders may
     * be waiting for it, as a parallel read inside a shared lock does, and would never release. Holds
     * shorter than the yield still let the writer in however readers of one JVM overlap: every reader
     * that asks while the writer waits yields longer than the holds it finds take to end, so none joins
     * before the JVM's holders are all gone and its OS lock with them.
     */
    private static final long MAX_YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private FileLocks() {
    }

    /**
     * Returns the sidecar lock file of a target.
     *
     * @param target the file
     * @return {@code <target>.lock}, symlinks of the target resolved
     * @throws IOException when a symlink cannot be read
     */
    public static Path lockFileFor(Path target) throws IOException {
        return lockFileOf(TargetPaths.resolve(target));
    }

    /**
     * Returns the lock file of a resolved target, the same instance for the same target, so that
     * its name is not built again at each lock and the registry's lookup reuses its hash.
     *
     * @param resolved the resolved target
     * @return {@code <resolved>.lock}, or its shortened name
     */
    static Path lockFileOf(Path resolved) {
        Path lockFile = LOCK_FILES.get(resolved);
        if (lockFile == null) {
            if (LOCK_FILES.size() >= MAX_LOCK_FILES) {
                LOCK_FILES.clear();
            }
            lockFile = TargetPaths.withSuffix(resolved, ".lock");
            LOCK_FILES.put(resolved, lockFile);
        }
        return lockFile;
    }

    /**
     * Closes the lock files that this JVM keeps open although no thread holds or waits for their
     * lock, so that the file systems they are on can be unmounted or remounted read-only. Locks held
     * now are not affected; a later lock opens its lock file again.
     *
     * @return how many lock files were closed
     */
    public static int closeIdleLockFiles() {
        return LockRegistry.instance().closeIdle();
    }

    /**
     * Tells how many lock files threads of this JVM hold or wait for now, for diagnostics and leak
     * checks: it returns to its former value when every lock taken since is released.
     *
     * @return the number of lock files in use
     */
    public static int lockFilesInUse() {
        return LockRegistry.instance().size();
    }

    /**
     * Tells whether the calling thread holds a lock of this JVM's (this class loader's) on any file,
     * shared or exclusive: such a thread must not wait for another thread that may need that lock.
     * Costs a look at each lock file in use or kept open (at most a few hundred).
     *
     * @return {@code true} when the thread holds one
     */
    public static boolean heldByCurrentThread() {
        return LockRegistry.instance().heldByCurrentThread();
    }

    /**
     * Runs work while holding a lock on a file.
     *
     * @param target the file
     * @param mode shared or exclusive
     * @param timeout how long to wait for the lock
     * @param body the work
     * @param <T> the result type
     * @param <X> the checked exception the work throws
     * @return the work's result
     * @throws X when the work fails
     * @throws IOException when the lock is not granted ({@link FileLockTimeoutException}) or the lock
     *     file cannot be opened
     */
    public static <T, X extends Throwable> T withLock(Path target, LockMode mode, Duration timeout,
            ThrowingSupplier<T, X> body) throws X, IOException {
        FileLockHandle handle = acquire(target, mode, timeout);
        try {
            return body.get();
        } finally {
            handle.close();
        }
    }

    /**
     * Acquires a lock on a file; close the handle to release it, on the same thread.
     *
     * @param target the file
     * @param mode shared or exclusive
     * @param timeout how long to wait for the lock
     * @return the held lock
     * @throws FileLockTimeoutException when the lock is not granted in time
     * @throws InterruptedIOException when the thread is interrupted while waiting (its flag stays set)
     * @throws IOException when the lock file cannot be opened or locked
     * @throws IllegalStateException when asking for EXCLUSIVE while this thread holds SHARED
     */
    public static FileLockHandle acquire(Path target, LockMode mode, Duration timeout) throws IOException {
        return acquire(ResolvedTarget.of(Objects.requireNonNull(target, "target")), mode, timeout, EngineTime.current());
    }

    /**
     * Acquires a lock on a target resolved for this call, waiting on an engine's time: the lock step
     * of the pipeline. Close the handle to release it, on the same thread.
     *
     * @param target the target, resolved
     * @param mode shared or exclusive
     * @param timeout how long to wait for the lock
     * @param time the clock and the waits between polls
     * @return the held lock
     * @throws FileLockTimeoutException when the lock is not granted in time
     * @throws InterruptedIOException when the thread is interrupted while waiting (its flag stays set)
     * @throws IOException when the lock file cannot be opened or locked
     * @throws IllegalStateException when asking for EXCLUSIVE while this thread holds SHARED
     */
    public static FileLockHandle acquire(ResolvedTarget target, LockMode mode, Duration timeout, EngineTime time)
            throws IOException {
        return acquire(target, mode, timeout, time, null);
    }

    /**
     * Acquires a lock for an operation, which its lock events and injected faults name; otherwise as
     * {@link #acquire(ResolvedTarget, LockMode, Duration, EngineTime)}.
     *
     * @param target the target, resolved
     * @param mode shared or exclusive
     * @param timeout how long to wait for the lock
     * @param time the clock and the waits between polls
     * @param operation the operation's name, or {@code null} outside an operation
     * @return the held lock
     * @throws IOException as the method without an operation throws
     */
    public static FileLockHandle acquire(ResolvedTarget target, LockMode mode, Duration timeout, EngineTime time,
            String operation) throws IOException {
        Objects.requireNonNull(mode, "mode");
        long timeoutNanos = saturatedNanos(Objects.requireNonNull(timeout, "timeout"));
        if (!Events.observed()) {
            injectedFault(target, mode, operation);
            return acquire(target, mode, new LockWait(time, timeoutNanos));
        }
        String name = operation != null ? operation : UNNAMED;
        Object jfr = Events.beginJfr(JfrEvents.Kind.LOCK_WAIT);
        // After the look at JFR, which may have just started watching a recorder: the wait is the lock's alone.
        LockWait wait = new LockWait(time, timeoutNanos);
        FileLockHandle handle;
        try {
            injectedFault(target, mode, operation);
            handle = acquire(target, mode, wait);
        } catch (FileLockTimeoutException e) {
            Events.publish(new LockTimedOut(name, target.given(), mode, e.waited(), e.heldBy()), jfr);
            throw e;
        }
        Events.publish(new LockAcquired(name, target.given(), mode, Duration.ofNanos(wait.elapsed())), jfr);
        return handle;
    }

    /**
     * Asks a test's seam before the wait; a timeout it injects without a mode (the seam is not told
     * the mode) gets the mode asked for, as a real timeout has.
     */
    private static void injectedFault(ResolvedTarget target, LockMode mode, String operation) throws IOException {
        try {
            Seam.before(FaultSeam.Step.LOCK, operation, target.given());
        } catch (FileLockTimeoutException injected) {
            throw injected.mode() != null ? injected : injected.withMode(mode);
        }
    }

    private static FileLockHandle acquire(ResolvedTarget target, LockMode mode, LockWait wait) throws IOException {
        Path resolved = target.path();
        Path lockFile = lockFileOf(resolved);
        LockRegistry registry = LockRegistry.instance();
        LockEntry entry = registry.retain(lockFile, resolved);
        boolean acquired = false;
        try {
            ReentrantReadWriteLock threads = entry.threads();
            if (mode == LockMode.EXCLUSIVE && threads.getReadHoldCount() > 0 && !threads.isWriteLockedByCurrentThread()) {
                throw new IllegalStateException("This thread holds a SHARED lock on " + resolved + " and asked for an"
                        + " EXCLUSIVE one, which can never be granted while it holds the shared one. Take the EXCLUSIVE"
                        + " lock from the start (for example @FileLocked(mode = EXCLUSIVE) on the outer method).");
            }
            Lock threadLock = mode == LockMode.SHARED ? threads.readLock() : threads.writeLock();
            if (!wait.tryLock(threadLock)) {
                throw timeout(resolved, lockFile, mode, wait, "another thread of this JVM");
            }
            LockSettings settings = ResilientIoConfig.global().locks();
            ClusterLock cluster = null;
            try {
                boolean firstHold = mode == LockMode.SHARED && threads.getReadHoldCount() == 1
                        && !threads.isWriteLockedByCurrentThread();
                // A thread's outermost hold takes the lock across hosts; its inner holds re-enter this JVM's.
                boolean outermost = mode == LockMode.SHARED ? firstHold : threads.getWriteHoldCount() == 1;
                if (outermost) {
                    cluster = ClusterLocking.acquire(settings, resolved, lockFile, mode, wait.remaining());
                }
                if (settings.osLocks()) {
                    acquireOsLock(entry, resolved, mode, firstHold, wait);
                }
                acquired = true;
            } finally {
                if (!acquired) {
                    if (cluster != null) {
                        ClusterLocking.release(lockFile, cluster, mode);
                    }
                    threadLock.unlock();
                }
            }
            return new FileLockHandle(entry, threadLock, resolved, mode, settings.osLocks(), cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(resolved, lockFile, mode, e);
        } finally {
            if (!acquired) {
                registry.release(entry);
            }
        }
    }

    /**
     * Takes the OS lock, or counts this thread in when this JVM holds it. A reader thread's first
     * hold does not join this JVM's shared lock at once while a writer of another process waits for
     * it: it waits, without the mutex, so that the JVM's holders can release and the writer can go
     * first; when they have not after {@link #MAX_YIELD_NANOS} (or half its timeout), it joins, since
     * they may be waiting for this very thread.
     */
    private static void acquireOsLock(LockEntry entry, Path target, LockMode mode, boolean firstHold, LockWait wait)
            throws IOException, InterruptedException {
        boolean shared = mode == LockMode.SHARED;
        boolean acquired = false;
        boolean mutexHeld = false;
        try {
            long pause = FIRST_PAUSE_NANOS;
            long yieldStart = 0;
            long yieldNanos = -1; // set when this reader first lets a writer go first
            while (true) {
                if (!mutexHeld) {
                    if (!wait.tryLock(entry.osMutex())) {
                        throw timeout(target, entry.lockFile(), mode, wait,
                                "another process, which another thread of this JVM is also waiting for");
                    }
                    mutexHeld = true;
                }
                String heldBy = "another process";
                boolean yield = false;
                try {
                    if (entry.osLockHeld()) {
                        boolean yielded = yieldNanos >= 0 && wait.now() - yieldStart >= yieldNanos;
                        if (!shared || !firstHold || yielded || !entry.writerWaits()) {
                            entry.holdOsLock();
                            acquired = true;
                            return;
                        }
                        if (yieldNanos < 0) {
                            yieldStart = wait.now();
                            yieldNanos = Math.min(MAX_YIELD_NANOS, wait.remaining() / 2);
                        }
                        yield = true;
                        heldBy = "a writer of another process, which goes first, while other threads of this JVM hold it";
                    } else if (entry.tryOsLock(shared)) {
                        acquired = true;
                        return;
                    }
                } catch (ClosedByInterruptException e) {
                    throw interrupted(target, entry.lockFile(), mode, e);
                } catch (IOException e) {
                    throw IoErrors.describe(e, entry.lockFile(), "opening or locking the lock file of", target, true);
                } catch (OverlappingFileLockException otherClassLoader) {
                    // Another class loader's registry holds it in this JVM: that is a wait, never a success.
                    heldBy = "another class loader of this JVM";
                }
                long left = wait.remaining();
                if (left <= 0) {
                    throw timeout(target, entry.lockFile(), mode, wait, heldBy);
                }
                if (yield) {
                    entry.osMutex().unlock();
                    mutexHeld = false;
                }
                wait.pause(Math.min(pause, left));
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            }
        } finally {
            if (mutexHeld) {
                if (!acquired && !shared) {
                    entry.abandonPending();
                }
                entry.osMutex().unlock();
            }
        }
    }

    private static InterruptedIOException interrupted(Path target, Path lockFile, LockMode mode, Exception cause) {
        InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting for "
                + IoErrors.lockPhrase(mode) + " on " + target + " (lock file " + lockFile + "); the thread's interrupt flag is set");
        interrupted.initCause(cause);
        return interrupted;
    }

    private static FileLockTimeoutException timeout(Path target, Path lockFile, LockMode mode, LockWait wait, String heldBy) {
        return new FileLockTimeoutException(target, lockFile, mode, Duration.ofNanos(wait.elapsed()), heldBy);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
