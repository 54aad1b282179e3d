package dev.resilientio.core.lock;

import java.io.IOException;

/**
 * A lock service across hosts, such as {@code resilient-io-zookeeper}'s: the engine takes its lock
 * after the JVM's own registry has ordered the threads of this JVM and before the OS lock file (when
 * {@code RESILIENT_IO_LOCK_OS} leaves that on). Found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.resilientio.core.lock.ClusterLockProvider}, by the name that
 * {@code RESILIENT_IO_LOCK_PROVIDER} gives. Implementations are thread-safe.
 */
public interface ClusterLockProvider {

    /**
     * Returns the value of {@code RESILIENT_IO_LOCK_PROVIDER} that chooses this provider.
     *
     * @return such as {@code zookeeper}
     */
    String name();

    /**
     * Takes a lock for the calling thread, which alone of its JVM asks for this key in this mode
     * unless the mode is shared; the thread releases it with {@link ClusterLock#release()}.
     *
     * @param request the key, the mode, the wait and the settings
     * @return the grant, or {@code null} when it was not granted within the request's timeout
     * @throws IOException when the service cannot be reached, or the connection to it is lost while
     *     waiting; the message names the setting that gives its address
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    ClusterLock acquire(ClusterLockRequest request) throws IOException, InterruptedException;

    /**
     * Says who holds a key, as far as the service tells, for the message of a timeout; best effort.
     *
     * @param request the request that was not granted
     * @return such as {@code "host web-2 (pid 4711), through ZooKeeper"}
     */
    String holderOf(ClusterLockRequest request);
}
