package dev.resilientio.core.lock;

import dev.resilientio.core.internal.LazyLogger;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One lock file's state in this JVM, kept by {@link LockRegistry}: a fair read/write lock for the
 * threads of this JVM, and one channel on the lock file through which every OS lock on it is taken.
 *
 * <p>Byte ranges of {@code <name>.lock} (the file holds no data; locks beyond its end are allowed),
 * disjoint so that each is locked apart from the others, always through the entry's one channel:
 * <ul>
 *   <li>MAIN, bytes {@value #MAIN_POSITION} to {@code MAIN_SIZE - 1} (the first GiB): what a SHARED or
 *   EXCLUSIVE lock of {@link dev.resilientio.core.lock.FileLocks} locks, shared or exclusively.</li>
 *   <li>PENDING, byte {@value #PENDING_POSITION}: a writer that has to wait for MAIN holds it
 *   exclusively, and a reader takes it shared before MAIN, so that no new reader enters while a
 *   writer waits.</li>
 *   <li>LIVE, byte {@value #LIVE_POSITION}: every atomic write of the target in progress holds it
 *   shared for its whole life ({@link #holdLive(long)}); whoever may delete a leftover temp file
 *   first takes it exclusively without waiting ({@link #tryLiveExclusive()}), which succeeds only
 *   when no write of the target is live in any process. The OS drops it when a writer dies.</li>
 * </ul>
 * A whole-file lock (of an older version of this library) overlaps all three.
 */
final class LockEntry {

    private static final LazyLogger LOG = new LazyLogger(LockEntry.class);

    /** The first byte of MAIN, the range that SHARED and EXCLUSIVE lock. */
    public static final long MAIN_POSITION = 0;
    /** The length of MAIN. */
    public static final long MAIN_SIZE = 1L << 30;
    /** The byte a writer waiting for MAIN holds exclusively, and a reader passes through shared. */
    public static final long PENDING_POSITION = MAIN_POSITION + MAIN_SIZE;
    /** The byte that every live atomic write of the target holds shared. */
    public static final long LIVE_POSITION = PENDING_POSITION + 1;
    /** The first pause of a wait for LIVE; it doubles up to {@link #MAX_LIVE_PAUSE_NANOS}. */
    private static final long FIRST_LIVE_PAUSE_NANOS = 500_000;
    /** A cleanup holds LIVE exclusively only for a few system calls, so a writer polls it often. */
    private static final long MAX_LIVE_PAUSE_NANOS = 2_000_000;

    final Path lockFile;
    /** The file locked, whose owner and mode the lock file takes. */
    private final Path target;
    /** Threads holding or waiting; written under the registry map's per-key lock. */
    volatile int references;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock(true);
    /**
     * Orders the threads that take MAIN; a thread may hold it while it polls another process's
     * lock, so nothing else waits on it.
     */
    private final ReentrantLock os = new ReentrantLock();
    /**
     * Guards the channel and every OS lock taken through it; held only for a few system calls,
     * never across a wait, so that LIVE is reachable while a thread polls for MAIN. A lock, not a
     * monitor: on JDK 21 to 23 a virtual thread blocked on a monitor, or doing IO inside one, holds
     * its carrier thread.
     */
    private final ReentrantLock guard = new ReentrantLock();
    private FileChannel channel;
    private boolean channelWritable;
    /** The identity ({@code fileKey}) of the file the channel was opened on, when known. */
    private Object channelKey;
    /**
     * Channels replaced (by a stale file's reopen, or a read-only one's read-write reopen) while a
     * range was held: closing one would drop every lock of this process on the file, so they stay
     * open until nothing is held.
     */
    private List<FileChannel> retired;
    /** Set when the channel was just opened, so that the first lock through it skips the identity check. */
    private boolean freshlyOpened;
    private FileLock osLock;
    /** Holders of MAIN in this JVM; changed under {@link #os}. */
    private int osHolders;
    private FileLock liveLock;
    /** Live atomic writes of this JVM holding LIVE shared through {@link #liveLock}. */
    private int liveHolders;
    private FileLock liveExclusive;
    /** PENDING, held exclusively by this JVM's writer while it waits for MAIN. */
    private FileLock pendingLock;

    LockEntry(Path lockFile, Path target) {
        this.lockFile = lockFile;
        this.target = target;
    }

    /**
     * Returns the lock file.
     *
     * @return the lock file
     */
    public Path lockFile() {
        return lockFile;
    }

    /**
     * Returns the lock that orders the threads of this JVM.
     *
     * @return the read/write lock
     */
    public ReentrantReadWriteLock threads() {
        return threads;
    }

    /**
     * Returns the mutex that guards the OS lock state; hold it around
     * {@link #holdOsLock()}, {@link #tryOsLock(boolean)}, {@link #abandonPending()} and
     * {@link #releaseOsLock()}.
     *
     * @return the mutex
     */
    public ReentrantLock osMutex() {
        return os;
    }

    /**
     * Counts one more holder when the OS lock is already held by this JVM.
     *
     * @return {@code true} when it was held, and is now held once more
     */
    public boolean holdOsLock() {
        if (osHolders > 0) {
            osHolders++;
            return true;
        }
        return false;
    }

    /**
     * Tells whether this JVM holds the OS lock on MAIN (or goes on without one), so that a new
     * holder only counts itself with {@link #holdOsLock()}.
     *
     * @return {@code true} when held
     */
    public boolean osLockHeld() {
        return osHolders > 0;
    }

    /**
     * Tells whether a writer of another process waits for MAIN, holding PENDING, so that a new
     * reader of this JVM lets it go first for a while rather than join the shared lock this JVM
     * holds at once. Costs a lock and a release of PENDING.
     *
     * @return {@code true} when a writer waits
     * @throws IOException when the lock file cannot be locked
     */
    public boolean writerWaits() throws IOException {
        guard.lock();
        try {
            if (osLock == null || channel == null || !channel.isOpen()) {
                return false;
            }
            FileLock probe;
            try {
                probe = channel.tryLock(PENDING_POSITION, 1, true);
            } catch (OverlappingFileLockException otherClassLoader) {
                return true; // another class loader's writer of this JVM holds it
            }
            if (probe == null) {
                return true;
            }
            release(probe, "PENDING");
            return false;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Tries once to take the OS lock on MAIN, opening the shared channel on first use. A reader
     * passes through PENDING shared, so it fails while a writer waits; a writer that finds MAIN
     * held takes PENDING exclusively and keeps it until it gets MAIN or gives up
     * ({@link #abandonPending()}), so that no new reader enters meanwhile.
     *
     * @param shared whether to take a shared lock
     * @return {@code true} when taken
     * @throws IOException when the lock file cannot be opened or locked
     * @throws java.nio.channels.OverlappingFileLockException when another class loader of this
     *     JVM holds it
     */
    public boolean tryOsLock(boolean shared) throws IOException {
        guard.lock();
        try {
            if (channel != null && !shared && !channelWritable) {
                // A reader opened it read-only; no MAIN lock is held on it now (osHolders == 0), so reopen.
                replaceChannel();
            }
            if (!openIfClosed(shared)) {
                osHolders = 1;
                return true;
            }
            FileLock lock;
            if (shared) {
                FileLock pending = lockCurrent(PENDING_POSITION, 1, true);
                if (pending == null) {
                    return false; // a writer waits: it goes first
                }
                try {
                    lock = pending.channel().tryLock(MAIN_POSITION, MAIN_SIZE, true);
                } finally {
                    release(pending, "PENDING");
                }
            } else {
                // Uncontended, a writer locks MAIN alone; only one that has to wait announces itself.
                lock = lockCurrent(MAIN_POSITION, MAIN_SIZE, false);
                if (lock == null && (pendingLock == null || !pendingLock.isValid())) {
                    pendingLock = channel.tryLock(PENDING_POSITION, 1, false);
                }
            }
            if (lock == null) {
                return false;
            }
            osLock = lock;
            osHolders = 1;
            abandonPending();
            return true;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Releases PENDING if this JVM's writer holds it; a writer that gives up (timeout, interrupt,
     * error) must call it, under {@link #osMutex()}.
     */
    public void abandonPending() {
        guard.lock();
        try {
            if (pendingLock != null) {
                release(pendingLock, "PENDING");
                pendingLock = null;
                closeRetiredIfUnheld();
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Counts one more live atomic write of the target in this JVM, taking LIVE shared for the
     * first one. Waits, polling, while another process (or a thread of this JVM) holds LIVE
     * exclusively, which a cleanup of leftover temp files does for a moment. Opens the lock file,
     * creating it, as a lock does. Pair every successful call with {@link #releaseLive()}.
     *
     * @param maxWaitNanos how long to wait for a cleanup to finish
     * @throws IOException when the lock file cannot be opened or created, or LIVE is still held
     *     exclusively after {@code maxWaitNanos}
     * @throws java.io.InterruptedIOException when interrupted while waiting (the flag stays set)
     */
    public void holdLive(long maxWaitNanos) throws IOException {
        long start = System.nanoTime();
        long pause = FIRST_LIVE_PAUSE_NANOS;
        while (true) {
            guard.lock();
            try {
                if (liveHolders > 0 && liveLock != null && liveLock.isValid()) {
                    liveHolders++;
                    return;
                }
                if (liveExclusive == null && tryLiveShared()) {
                    liveHolders++;
                    return;
                }
            } finally {
                guard.unlock();
            }
            long waited = System.nanoTime() - start;
            if (waited >= maxWaitNanos) {
                throw new FileSystemException(lockFile.toString(), null, "LIVE (byte " + LIVE_POSITION
                        + ") of the lock file is still held exclusively after "
                        + java.time.Duration.ofNanos(waited).toMillis() + " ms by a process cleaning up leftover"
                        + " temp files, which holds it only for a moment; try again, and if it persists, find"
                        + " the process holding it (fuser " + lockFile + ") and end it");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, maxWaitNanos - waited));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting"
                        + " to mark a write of " + lockFile + " as live; the thread's interrupt flag is set");
                interrupted.initCause(e);
                throw interrupted;
            }
            pause = Math.min(pause * 2, MAX_LIVE_PAUSE_NANOS);
        }
    }

    /** Takes LIVE shared for the first live holder of this JVM; false when held exclusively elsewhere. */
    private boolean tryLiveShared() throws IOException {
        if (!openIfClosed(true)) {
            throw new NoSuchFileException(lockFile.toString(), null, "the lock file does not exist and this"
                    + " process may not create it, so the write cannot be marked live; give its user write"
                    + " permission in " + lockFile.getParent());
        }
        FileLock lock;
        try {
            lock = lockCurrent(LIVE_POSITION, 1, true);
        } catch (OverlappingFileLockException otherClassLoader) {
            // Another class loader of this JVM holds LIVE: exclusively, as far as this one can tell.
            return false;
        }
        if (lock == null) {
            return false;
        }
        // Holders counted before an interrupt closed the channel keep their count: they release later.
        liveLock = lock;
        return true;
    }

    /**
     * Counts one live atomic write less, releasing LIVE with the last one of this JVM.
     */
    public void releaseLive() {
        guard.lock();
        try {
            if (liveHolders == 0) {
                return;
            }
            if (--liveHolders == 0) {
                release(liveLock, "LIVE");
                liveLock = null;
                closeRetiredIfUnheld();
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Tries, without waiting, to take LIVE exclusively: succeeds only when no atomic write of the
     * target is live in any process, this JVM included. Pair a {@code true} with
     * {@link #releaseLiveExclusive()}, soon: live writes of the target wait meanwhile.
     *
     * @return {@code true} when taken; {@code false} when some write holds it, or the lock file
     *     cannot be opened for writing
     * @throws IOException when the lock file's state cannot be read
     */
    public boolean tryLiveExclusive() throws IOException {
        guard.lock();
        try {
            if (liveHolders > 0 || liveExclusive != null) {
                return false;
            }
            if (channel != null && channel.isOpen() && !channelWritable) {
                if (anythingHeld()) {
                    return false;
                }
                replaceChannel();
            }
            try {
                if (!openIfClosed(false)) {
                    return false;
                }
            } catch (FileSystemException cannotWrite) {
                LOG.debug("Cannot open the lock file {} for writing ({}); leftover temps are kept",
                        lockFile, cannotWrite.toString());
                return false;
            }
            FileLock lock;
            try {
                lock = lockCurrent(LIVE_POSITION, 1, false);
            } catch (OverlappingFileLockException heldInThisJvm) {
                return false;
            }
            if (lock == null) {
                return false;
            }
            liveExclusive = lock;
            return true;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Releases LIVE taken by {@link #tryLiveExclusive()}.
     */
    public void releaseLiveExclusive() {
        guard.lock();
        try {
            if (liveExclusive != null) {
                release(liveExclusive, "LIVE");
                liveExclusive = null;
                closeRetiredIfUnheld();
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Opens the channel when there is none (or an interrupt closed it).
     *
     * @return {@code false} when a reader goes on without an OS lock
     */
    private boolean openIfClosed(boolean shared) throws IOException {
        if (channel != null && !channel.isOpen()) {
            // An interrupt during an earlier operation closed it (FileChannel is interruptible), and
            // with it every lock of this process on the file.
            channel = null;
            osLock = null;
            pendingLock = null;
            liveLock = null;
            liveExclusive = null;
        }
        if (channel != null) {
            return true;
        }
        return openChannel(shared);
    }

    /**
     * Locks a range through the current channel. A kept channel is first checked to still name
     * the lock file on disk: a lock on a deleted or replaced file excludes nobody, so the file that
     * is there now is opened and locked instead.
     */
    private FileLock lockCurrent(long position, long size, boolean shared) throws IOException {
        boolean reused = !freshlyOpened;
        freshlyOpened = false;
        FileLock lock;
        try {
            lock = channel.tryLock(position, size, shared);
        } catch (IOException stale) {
            if (!reused) {
                throw stale;
            }
            // A kept channel can go stale (its file replaced by another NFS client): lock through a fresh one.
            replaceChannel();
            openChannel(shared);
            freshlyOpened = false;
            return channel == null ? null : channel.tryLock(position, size, shared);
        }
        if (lock == null || !reused) {
            return lock;
        }
        boolean current;
        try {
            current = sameFileOnDisk();
        } catch (IOException | RuntimeException e) {
            release(lock, "a range");
            throw e;
        }
        if (current) {
            return lock;
        }
        release(lock, "a range");
        replaceChannel();
        if (!openChannel(shared)) {
            return null;
        }
        freshlyOpened = false;
        return channel.tryLock(position, size, shared);
    }

    /** Tells whether any range is held through a channel of this entry. */
    private boolean anythingHeld() {
        return osLock != null || pendingLock != null || liveHolders > 0 || liveExclusive != null;
    }

    /**
     * Puts the channel aside: closed at once when nothing is held, else kept open (a close would
     * drop this process's locks on the file) until nothing is.
     */
    private void replaceChannel() {
        if (channel != null && anythingHeld()) {
            if (retired == null) {
                retired = new ArrayList<>(1);
            }
            retired.add(channel);
            channel = null;
            channelKey = null;
            return;
        }
        closeChannelNow();
    }

    private void closeRetiredIfUnheld() {
        if (retired == null || anythingHeld()) {
            return;
        }
        for (FileChannel old : retired) {
            closeQuietly(old);
        }
        retired = null;
    }

    /** Tells whether the lock file at its path is still the file the channel has open. */
    private boolean sameFileOnDisk() throws IOException {
        try {
            return channelKey != null && channelKey.equals(fileKeyOnDisk());
        } catch (NoSuchFileException deleted) {
            return false;
        }
    }

    private Object fileKeyOnDisk() throws IOException {
        return Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Opens the lock file, creating it, without following links and with the target's owner and
     * mode ({@link LockFileOpener}). A reader that may not create or write it (a read-only mount, a
     * directory of another user) opens an existing one read-only, which a shared lock needs; where
     * there is none, nobody can be writing there through this library, so the reader goes on with
     * the lock of this JVM only. When the process is out of file descriptors, the idle lock files
     * are closed and the open is tried once more.
     *
     * @return {@code false} when a reader goes on without an OS lock
     */
    private boolean openChannel(boolean shared) throws IOException {
        // A retired channel may still hold this process's locks on the same file.
        boolean mayCorrect = retired == null || retired.isEmpty();
        LockFileOpener.Opened opened;
        try {
            opened = LockFileOpener.open(lockFile, target, shared, mayCorrect);
        } catch (FileSystemException e) {
            if (!tooManyOpenFiles(e) || LockRegistry.instance().closeIdle() == 0) {
                throw e;
            }
            LOG.debug("Out of file descriptors opening {}; closed the idle lock files and trying again", lockFile);
            opened = LockFileOpener.open(lockFile, target, shared, mayCorrect);
        }
        if (opened == null) {
            return false;
        }
        channel = opened.channel();
        channelWritable = opened.writable();
        channelKey = LockRegistry.KEEP_IDLE ? opened.key() : null;
        freshlyOpened = true;
        return true;
    }

    private static boolean tooManyOpenFiles(IOException e) {
        return String.valueOf(e.getMessage()).contains("Too many open files");
    }

    /**
     * Counts one holder less, releasing the OS lock on MAIN with the last one.
     */
    public void releaseOsLock() {
        guard.lock();
        try {
            if (--osHolders == 0 && osLock != null) {
                release(osLock, "MAIN");
                osLock = null;
                closeRetiredIfUnheld();
            }
        } finally {
            guard.unlock();
        }
    }

    private void release(FileLock lock, String range) {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("Could not release {} of the lock file {}; closing its channel will: {}", range, lockFile,
                    e.toString());
        }
    }

    /** Closes the channel unless a range is held through it, telling whether one was closed. */
    boolean closeChannel() {
        guard.lock();
        try {
            if (anythingHeld() || osHolders > 0) {
                return false;
            }
            closeRetiredIfUnheld();
            return closeChannelNow();
        } finally {
            guard.unlock();
        }
    }

    private boolean closeChannelNow() {
        if (channel == null) {
            return false;
        }
        closeQuietly(channel);
        channel = null;
        channelKey = null;
        osLock = null;
        pendingLock = null;
        return true;
    }

    private void closeQuietly(FileChannel open) {
        try {
            open.close();
        } catch (IOException e) {
            LOG.warn("Could not close the lock file {}: {}", lockFile, e.toString());
        }
    }
}
