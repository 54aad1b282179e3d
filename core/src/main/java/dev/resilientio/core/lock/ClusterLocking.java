package dev.resilientio.core.lock;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.rules.LockProviderRules;
import dev.resilientio.core.rules.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the lock provider that {@code RESILIENT_IO_LOCK_PROVIDER} names, computes lock keys, and
 * counts the exclusive grants held in this JVM, so that an atomic write looks for a grant to fence
 * with only while there is one. Thread-safe.
 */
final class ClusterLocking {

    private static final LazyLogger LOG = new LazyLogger(ClusterLocking.class);
    private static final Map<String, ClusterLockProvider> PROVIDERS = new ConcurrentHashMap<>();
    /**
     * The exclusive grants held now in this JVM, by lock file, with the thread holding each: a commit
     * looks for its own only while there are some.
     */
    private static final Map<Path, Grant> EXCLUSIVE = new ConcurrentHashMap<>();
    /** Broken services entries skipped per class loader before the rest of its entries are given up. */
    private static final int MAX_BROKEN_SERVICES = 100;
    private static volatile boolean warnedJvmOnly;
    /** The real paths of the shared roots met so far. */
    private static final Map<Path, Path> REAL_ROOTS = new ConcurrentHashMap<>();
    /** The shared roots a target outside was reported for, once each. */
    private static final Set<Path> WARNED_OUTSIDE_ROOT = ConcurrentHashMap.newKeySet();

    private ClusterLocking() {
    }

    /**
     * Takes the provider's lock for this thread when a provider across hosts is configured.
     *
     * @return the grant, or {@code null} with the {@code local} provider
     * @throws FileLockTimeoutException when not granted within the time left
     */
    static ClusterLock acquire(LockSettings settings, Path target, Path lockFile, LockMode mode, long timeoutNanos)
            throws IOException, InterruptedException {
        if (settings.isLocal()) {
            if (!settings.osLocks() && !warnedJvmOnly) {
                warnedJvmOnly = true;
                LOG.warn("{}=false with the local lock provider: file locks exclude the threads of this JVM only, not"
                        + " other processes. Set {}=zookeeper to lock across processes and hosts, or leave {} on.",
                        Setting.LOCK_OS.envName(), Setting.LOCK_PROVIDER.envName(), Setting.LOCK_OS.envName());
            }
            return null;
        }
        requireConnect(settings);
        ClusterLockProvider provider = provider(settings);
        ClusterLockRequest request = new ClusterLockRequest(key(target, settings.sharedRoot()), target, mode,
                timeoutNanos, settings);
        long start = System.nanoTime();
        ClusterLock lock = provider.acquire(request);
        if (lock == null) {
            throw new FileLockTimeoutException(target, lockFile, mode, Duration.ofNanos(System.nanoTime() - start),
                    provider.holderOf(request));
        }
        if (mode == LockMode.EXCLUSIVE) {
            holdExclusive(lockFile, lock);
        }
        return lock;
    }

    /** Releases a grant taken by {@link #acquire} on a lock file. */
    static void release(Path lockFile, ClusterLock lock, LockMode mode) {
        try {
            lock.release();
        } finally {
            if (mode == LockMode.EXCLUSIVE) {
                EXCLUSIVE.remove(lockFile);
            }
        }
    }

    /** An exclusive grant and the thread that holds it. */
    private record Grant(Thread owner, ClusterLock lock) {
    }

    /**
     * Records the calling thread's exclusive grant on a lock file, until {@link #release}; only one
     * thread of the JVM can hold one, under the lock file's write lock.
     */
    static void holdExclusive(Path lockFile, ClusterLock lock) {
        EXCLUSIVE.put(lockFile, new Grant(Thread.currentThread(), lock));
    }

    /** Whether some thread of this JVM holds an exclusive grant now. */
    static boolean exclusiveHeld() {
        return !EXCLUSIVE.isEmpty();
    }

    /**
     * Returns the calling thread's exclusive grant on a lock file.
     *
     * @return the grant, or {@code null} when this thread holds none on it
     */
    static ClusterLock exclusiveGrantOf(Path lockFile) {
        Grant grant = EXCLUSIVE.get(lockFile);
        return grant != null && grant.owner() == Thread.currentThread() ? grant.lock() : null;
    }

    /**
     * The lock key of a resolved target: its path relative to the shared root when it is under it,
     * else its real path; names always separated by {@code /}, whatever the platform's separator.
     */
    static String key(Path target, Path sharedRoot) {
        Path relative = null;
        if (sharedRoot != null) {
            if (target.startsWith(sharedRoot)) {
                relative = sharedRoot.relativize(target);
            } else {
                Path realRoot = realRoot(sharedRoot);
                if (realRoot != null && target.startsWith(realRoot)) {
                    relative = realRoot.relativize(target);
                }
            }
        }
        if (sharedRoot != null && relative == null && WARNED_OUTSIDE_ROOT.add(sharedRoot)) {
            LOG.warn("{} is not under {}={}, so its lock key is its real path, which hosts that mount the share"
                    + " elsewhere do not share: they would not exclude each other on it. Correct the root, or lock"
                    + " only files under it.", target, Setting.LOCK_SHARED_ROOT.envName(), sharedRoot);
        }
        Path keyed = relative != null ? relative : target;
        StringBuilder key = new StringBuilder(relative != null ? "" : "/");
        for (int i = 0; i < keyed.getNameCount(); i++) {
            key.append(i == 0 ? "" : "/").append(keyed.getName(i));
        }
        return key.toString();
    }

    /** The root's real path, resolved once (not on every lock of a target outside the root as written). */
    private static Path realRoot(Path sharedRoot) {
        Path known = REAL_ROOTS.get(sharedRoot);
        if (known != null) {
            return known;
        }
        try {
            Path real = sharedRoot.toRealPath();
            REAL_ROOTS.put(sharedRoot, real);
            return real;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The ZooKeeper provider has no default ensemble: without one, say so rather than let Curator fail on a null address. */
    private static void requireConnect(LockSettings settings) {
        if (settings.connect() == null && LockProviderRules.ZOOKEEPER.equals(settings.provider())) {
            throw new ResilientIoConfigException(providerAsSet(settings) + " needs the address of the ZooKeeper ensemble, and "
                    + Setting.ZOOKEEPER_CONNECT.envName() + " (system property " + Setting.ZOOKEEPER_CONNECT.propertyName()
                    + ") is not set: set it to " + LockProviderRules.CONNECT_ALLOWED + ", or set "
                    + Setting.LOCK_PROVIDER.envName() + "=" + LockProviderRules.LOCAL + ".");
        }
    }

    /** The provider as its setting gave it, such as {@code RESILIENT_IO_LOCK_PROVIDER='zookeeper'}, with its source when another. */
    private static String providerAsSet(LockSettings settings) {
        String variable = Setting.LOCK_PROVIDER.envName();
        return variable + "='" + settings.provider() + "'"
                + (settings.providerSource().equals(variable) ? "" : " (from " + settings.providerSource() + ")");
    }

    private static ClusterLockProvider provider(LockSettings settings) {
        ClusterLockProvider known = PROVIDERS.get(settings.provider());
        if (known != null) {
            return known;
        }
        ClusterLockProvider found = find(settings.provider(), ClusterLocking.class.getClassLoader());
        if (found == null) {
            found = find(settings.provider(), Thread.currentThread().getContextClassLoader());
        }
        if (found == null) {
            throw new ResilientIoConfigException(providerAsSet(settings) + " needs the artifact dev.resilientio:resilient-io-"
                    + settings.provider() + " on the class path, and none of its providers was found there. Add the"
                    + " dependency, or set " + Setting.LOCK_PROVIDER.envName() + "=" + LockProviderRules.LOCAL + ".");
        }
        ClusterLockProvider raced = PROVIDERS.putIfAbsent(settings.provider(), found);
        return raced != null ? raced : found;
    }

    private static ClusterLockProvider find(String name, ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        Iterator<ClusterLockProvider> providers = ServiceLoader.load(ClusterLockProvider.class, loader).iterator();
        // The loader's iterator moves past a broken entry; the bound only guards against one that would not.
        for (int broken = 0; broken < MAX_BROKEN_SERVICES; ) {
            try {
                if (!providers.hasNext()) {
                    return null;
                }
                ClusterLockProvider provider = providers.next();
                if (provider.name().equals(name)) {
                    return provider;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                broken++;
                LOG.warn("Could not load a lock provider named in META-INF/services/{}: {}",
                        ClusterLockProvider.class.getName(), e.toString());
            }
        }
        return null;
    }
}
