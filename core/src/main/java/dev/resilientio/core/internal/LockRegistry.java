package dev.resilientio.core.internal;

import dev.resilientio.core.TransientIoClassifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The JVM-wide table of lock files in use. Each lock file has one entry while anyone holds or
 * waits for it: a fair read/write lock for the threads of this JVM, and one channel on the lock
 * file shared by every holder.
 *
 * <p>On Linux an OS file lock belongs to the process and closing any channel on the file drops it,
 * so the channel is opened once, the OS lock is taken by the first holder and released by the last,
 * and the channel is closed only when no thread holds or waits for the entry.
 */
public final class LockRegistry {

    private static final LazyLogger LOG = new LazyLogger(LockRegistry.class);
    private static final LockRegistry INSTANCE = new LockRegistry();

    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

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
        return entries.compute(lockFile, (key, entry) -> {
            Entry current = entry == null ? new Entry(key) : entry;
            current.references++;
            return current;
        });
    }

    /**
     * Drops a reference taken by {@link #retain(Path)}; the last one closes the channel.
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
            current.closeChannel();
            return null;
        });
    }

    /**
     * Tells how many lock files have an entry, for tests.
     *
     * @return the number of entries
     */
    public int size() {
        return entries.size();
    }

    /** One lock file's state in this JVM. */
    public static final class Entry {

        private final Path lockFile;
        /** Threads holding or waiting; guarded by the registry map's per-key lock. */
        private int references;
        private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock(true);
        /** Guards the channel, the OS lock and its holder count. */
        private final ReentrantLock os = new ReentrantLock();
        private FileChannel channel;
        private boolean channelWritable;
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
            if (channel == null && !openChannel(shared)) {
                osHolders = 1;
                return true;
            }
            java.nio.channels.FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (lock == null) {
                return false;
            }
            osLock = lock;
            osHolders = 1;
            return true;
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
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                channelWritable = true;
                return true;
            } catch (FileSystemException e) {
                if (!shared || !(e instanceof AccessDeniedException || TransientIoClassifier.hasPermanentReason(e))) {
                    throw e;
                }
                try {
                    channel = FileChannel.open(lockFile, StandardOpenOption.READ);
                    channelWritable = false;
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

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.get().warn("Could not close the lock file {}: {}", lockFile, e.toString());
                }
                channel = null;
                osLock = null;
                osHolders = 0;
            }
        }
    }
}
