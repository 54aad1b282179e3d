package dev.resilientio.core.lock;

import dev.resilientio.core.internal.ThisProcess;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The JVM-wide table of lock files in use: one {@link LockEntry} per lock file, holding a fair
 * read/write lock for the threads of this JVM and the one channel through which every OS lock on
 * the file is taken.
 *
 * <p>On Linux an OS file lock belongs to the process and closing any channel on the file drops it,
 * so the channel is opened once, the OS lock is taken by the first holder and released by the last,
 * and the channel is closed only when no thread holds or waits for the entry.
 *
 * <p>On POSIX systems an entry and its open channel outlive their last holder, so that locking the
 * same file again costs a lock and a release instead of an open and a close as well; before such a
 * channel is trusted again, {@link LockEntry#tryOsLock(boolean)} checks that the lock file on disk is
 * still the one it has open. When more idle entries are kept than a sixteenth of the process's
 * open-file limit (at most {@value #MAX_IDLE}), the next lock closes them. On Windows an open file
 * cannot be deleted, so there the channel is closed with its last holder.
 */
final class LockRegistry {

    private static final LockRegistry INSTANCE = new LockRegistry();
    /** The most idle entries, with their open channels, kept before the next lock closes them. */
    static final int MAX_IDLE = 128;
    /**
     * How many idle entries this process keeps: a sixteenth of its open-file limit, at most
     * {@link #MAX_IDLE}, so that lock files kept open never crowd out the application's own files.
     */
    static final int MAX_IDLE_NOW = (int) Math.max(1, Math.min(MAX_IDLE, ThisProcess.openFileLimit() / 16));
    static final boolean KEEP_IDLE = java.io.File.separatorChar == '/';

    private final ConcurrentHashMap<Path, LockEntry> entries = new ConcurrentHashMap<>();
    /** Entries nobody holds or waits for, kept with their open channel; changed under the map's per-key lock. */
    private final AtomicInteger idle = new AtomicInteger();

    private LockRegistry() {
    }

    /**
     * Returns the registry of this JVM (of this class loader).
     *
     * @return the registry
     */
    public static LockRegistry instance() {
        return INSTANCE;
    }

    /**
     * Takes a reference on a lock file's entry, creating it when absent. Every call must be paired
     * with {@link #release(LockEntry)}.
     *
     * @param lockFile the normalised lock file
     * @return the entry
     */
    public LockEntry retain(Path lockFile) {
        return retain(lockFile, targetOf(lockFile));
    }

    /**
     * Takes a reference on a lock file's entry, creating it when absent; the lock file it opens takes
     * the target's owner and mode. Every call must be paired with {@link #release(LockEntry)}.
     *
     * @param lockFile the normalised lock file
     * @param target the file it locks
     * @return the entry
     */
    public LockEntry retain(Path lockFile, Path target) {
        LockEntry retained = entries.compute(lockFile, (key, entry) -> {
            LockEntry current = entry == null ? new LockEntry(key, target) : entry;
            if (current.references++ == 0 && entry != null) {
                idle.decrementAndGet();
            }
            return current;
        });
        if (idle.get() > MAX_IDLE_NOW) {
            closeIdle();
        }
        return retained;
    }

    /** {@code <name>} of {@code <name>.lock}; a name shortened with a hash gives a file that does not exist. */
    private static Path targetOf(Path lockFile) {
        String name = lockFile.getFileName().toString();
        return name.endsWith(".lock") && name.length() > ".lock".length()
                ? lockFile.resolveSibling(name.substring(0, name.length() - ".lock".length())) : null;
    }

    /**
     * Closes and forgets every entry nobody holds or waits for.
     *
     * @return how many lock files were closed
     */
    public int closeIdle() {
        int[] closed = {0};
        for (Path lockFile : entries.keySet()) {
            entries.computeIfPresent(lockFile, (key, entry) -> {
                if (entry.references > 0) {
                    return entry;
                }
                idle.decrementAndGet();
                if (entry.closeChannel()) {
                    closed[0]++;
                }
                return null;
            });
        }
        return closed[0];
    }

    /**
     * Drops a reference taken by {@link #retain(Path)}; on Windows the last one closes the channel.
     *
     * @param entry the entry
     */
    public void release(LockEntry entry) {
        entries.compute(entry.lockFile, (key, current) -> {
            if (current != entry) {
                throw new IllegalStateException("lock registry out of step for " + key);
            }
            if (--current.references > 0) {
                return current;
            }
            if (KEEP_IDLE) {
                idle.incrementAndGet();
                return current;
            }
            current.closeChannel();
            return null;
        });
    }

    /**
     * Tells whether the calling thread holds a lock, shared or exclusive, on any lock file of this
     * registry: a look at every entry in use, for a caller that must not wait for other threads then.
     *
     * @return {@code true} when it holds one
     */
    public boolean heldByCurrentThread() {
        for (LockEntry entry : entries.values()) {
            if (entry.references > 0) {
                ReentrantReadWriteLock threads = entry.threads();
                if (threads.isWriteLockedByCurrentThread() || threads.getReadHoldCount() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Tells how many lock files some thread holds or waits for.
     *
     * @return the number of entries in use
     */
    public int size() {
        return (int) entries.values().stream().filter(entry -> entry.references > 0).count();
    }

    /**
     * Returns a lock file's entry, held, waited for or idle with an open channel, for tests that look at
     * their own lock files only (other tests may hold entries of theirs at the same time).
     *
     * @param lockFile the normalised lock file
     * @return the entry, or {@code null} when it has none
     */
    LockEntry entryOf(Path lockFile) {
        return entries.get(lockFile);
    }
}
