package dev.resilientio.core.internal;

import dev.resilientio.core.TransientIoClassifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The JVM-wide table of lock files in use. Each lock file has one entry: a fair read/write lock for
 * the threads of this JVM, and one channel on the lock file shared by every holder.
 *
 * <p>On Linux an OS file lock belongs to the process and closing any channel on the file drops it,
 * so the channel is opened once, the OS lock is taken by the first holder and released by the last,
 * and the channel is closed only when no thread holds or waits for the entry.
 *
 * <p>On POSIX systems an entry and its open channel outlive their last holder, so that locking the
 * same file again costs a lock and a release instead of an open and a close as well; before such a
 * channel is trusted again, {@link Entry#tryOsLock(boolean)} checks that the lock file on disk is still
 * the one it has open. When more than {@value #MAX_IDLE} entries are idle, the next lock closes them. On Windows an open file cannot be deleted, so there the channel is closed with its last
 * holder.
 */
public final class LockRegistry {

    private static final LazyLogger LOG = new LazyLogger(LockRegistry.class);
    private static final LockRegistry INSTANCE = new LockRegistry();
    /** How many idle entries, with their open channels, are kept before the next lock closes them. */
    static final int MAX_IDLE = 128;
    private static final boolean KEEP_IDLE = java.io.File.separatorChar == '/';

    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();
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
     * with {@link #release(Entry)}.
     *
     * @param lockFile the normalised lock file
     * @return the entry
     */
    public Entry retain(Path lockFile) {
        Entry retained = entries.compute(lockFile, (key, entry) -> {
            Entry current = entry == null ? new Entry(key) : entry;
            if (current.references++ == 0 && entry != null) {
                idle.decrementAndGet();
            }
            return current;
        });
        if (idle.get() > MAX_IDLE) {
            closeIdle();
        }
        return retained;
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
    public void release(Entry entry) {
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
     * Tells how many lock files some thread holds or waits for, for tests.
     *
     * @return the number of entries in use
     */
    public int size() {
        return (int) entries.values().stream().filter(entry -> entry.references > 0).count();
    }

    /**
     * Tells how many lock files have an entry, held, waited for or idle with an open channel, for
     * tests.
     *
     * @return the number of entries
     */
    int entries() {
        return entries.size();
    }

    /** One lock file's state in this JVM. */
    public static final class Entry {

        private final Path lockFile;
        /** Threads holding or waiting; written under the registry map's per-key lock. */
        private volatile int references;
        private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock(true);
        /** Guards the channel, the OS lock and its holder count. */
        private final ReentrantLock os = new ReentrantLock();
        private FileChannel channel;
        private boolean channelWritable;
        /** The identity ({@code fileKey}) of the file the channel was opened on, when known. */
        private Object channelKey;
        private java.nio.channels.FileLock osLock;
        private int osHolders;

        private Entry(Path lockFile) {
            this.lockFile = lockFile;
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
         * {@link #holdOsLock()}, {@link #tryOsLock(boolean)} and {@link #releaseOsLock()}.
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
         * Tries once to take the OS lock, opening the shared channel on first use.
         *
         * @param shared whether to take a shared lock
         * @return {@code true} when taken
         * @throws IOException when the lock file cannot be opened or locked
         * @throws java.nio.channels.OverlappingFileLockException when another class loader of this
         *     JVM holds it
         */
        public boolean tryOsLock(boolean shared) throws IOException {
            if (channel != null && !channel.isOpen()) {
                // An interrupt during an earlier operation closed it (FileChannel is interruptible).
                channel = null;
            }
            if (channel != null && !shared && !channelWritable) {
                // A reader opened it read-only; no lock is held on it now (osHolders == 0), so reopen.
                closeChannel();
            }
            boolean reused = channel != null;
            if (!reused && !openChannel(shared)) {
                osHolders = 1;
                return true;
            }
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (IOException stale) {
                if (!reused) {
                    throw stale;
                }
                // A kept channel can go stale (its file replaced by another NFS client): lock through a fresh one.
                closeChannel();
                return tryOsLock(shared);
            }
            if (lock == null) {
                return false;
            }
            boolean current;
            try {
                current = !reused || sameFileOnDisk();
            } catch (IOException | RuntimeException e) {
                closeChannel(); // which releases the lock just taken
                throw e;
            }
            if (!current) {
                // Someone deleted or replaced the lock file since the channel was opened: a lock on
                // the old file excludes nobody, so lock the file that is there now. Closing the
                // channel releases the lock on the old one.
                closeChannel();
                return tryOsLock(shared);
            }
            osLock = lock;
            osHolders = 1;
            return true;
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
            return Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey();
        }

        private Object fileKeyOrNull() {
            try {
                return fileKeyOnDisk();
            } catch (IOException gone) {
                return null;
            }
        }

        /**
         * The key of the file just opened, when the path named the same file before and after the
         * open; otherwise {@code null}, so that the check fails and the next lock opens it again
         * (the file was created by this open, or replaced meanwhile).
         */
        private Object keyIfUnchanged(Object before) {
            if (!KEEP_IDLE || before == null) {
                return null;
            }
            return before.equals(fileKeyOrNull()) ? before : null;
        }

        /**
         * Opens the lock file, creating it. A reader that may not create or write it (a read-only
         * mount, a directory of another user) opens an existing one read-only, which a shared lock
         * needs; where there is none, nobody can be writing there through this library, so the reader
         * goes on with the lock of this JVM only.
         *
         * @return {@code false} when a reader goes on without an OS lock
         */
        private boolean openChannel(boolean shared) throws IOException {
            Object before = KEEP_IDLE ? fileKeyOrNull() : null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                channelWritable = true;
                channelKey = keyIfUnchanged(before);
                return true;
            } catch (FileSystemException e) {
                if (!shared || !(e instanceof AccessDeniedException || TransientIoClassifier.hasPermanentReason(e))) {
                    throw e;
                }
                try {
                    channel = FileChannel.open(lockFile, StandardOpenOption.READ);
                    channelWritable = false;
                    channelKey = keyIfUnchanged(before);
                    return true;
                } catch (NoSuchFileException missing) {
                    LOG.get().debug("Cannot create the lock file {} ({}); reading without an OS lock", lockFile, e.toString());
                    return false;
                }
            }
        }

        /**
         * Counts one holder less, releasing the OS lock with the last one.
         */
        public void releaseOsLock() {
            if (--osHolders == 0 && osLock != null) {
                try {
                    osLock.release();
                } catch (IOException e) {
                    LOG.get().warn("Could not release the OS lock on {}; closing its channel will: {}", lockFile, e.toString());
                }
                osLock = null;
            }
        }

        /** Closes the channel, telling whether one was open. */
        private boolean closeChannel() {
            if (channel == null) {
                return false;
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.get().warn("Could not close the lock file {}: {}", lockFile, e.toString());
            }
            channel = null;
            channelKey = null;
            osLock = null;
            osHolders = 0;
            return true;
        }
    }
}
