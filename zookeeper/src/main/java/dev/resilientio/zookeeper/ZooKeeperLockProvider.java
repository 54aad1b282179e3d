package dev.resilientio.zookeeper;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.ClusterLock;
import dev.resilientio.core.lock.ClusterLockProvider;
import dev.resilientio.core.lock.ClusterLockRequest;
import dev.resilientio.core.rules.LockProviderRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.utils.ThreadUtils;

/**
 * Locks across hosts on Apache ZooKeeper, through Curator's {@link InterProcessReadWriteLock}: the
 * provider that {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper} chooses. A SHARED lock is its read lock,
 * an EXCLUSIVE one its write lock, in the folder {@code /locks/<key>} under the namespace
 * ({@code RESILIENT_IO_ZOOKEEPER_NAMESPACE}). The fencing token of an exclusive grant is the creation
 * zxid of its lock node, which every later grant's node exceeds (a sequence number would not: it
 * restarts when ZooKeeper removes an empty lock folder). Thread-safe; found by the engine through
 * {@link java.util.ServiceLoader}, never called by applications.
 */
public final class ZooKeeperLockProvider implements ClusterLockProvider {

    /** Creates the provider; the engine does, through {@link java.util.ServiceLoader}. */
    public ZooKeeperLockProvider() {
    }

    @Override
    public String name() {
        return LockProviderRules.ZOOKEEPER;
    }

    @Override
    public ClusterLock acquire(ClusterLockRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        ZooKeeperConnection connection = ZooKeeperConnection.of(request.settings());
        connection.awaitConnected(request.target(), request.timeoutNanos());
        InterProcessReadWriteLock lock = connection.lockOf(request.key());
        InterProcessMutex mutex = request.mode() == LockMode.EXCLUSIVE ? lock.writeLock() : lock.readLock();
        // Registered before the count is read: a session lost from here on ends the wait.
        ZooKeeperConnection.Waiter waiter = connection.waiting();
        long lostBefore = connection.lostSessions();
        long left = Math.max(0, request.timeoutNanos() - (System.nanoTime() - start));
        boolean granted = false;
        Exception failure = null;
        try {
            granted = mutex.acquire(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            failure = e;
        } finally {
            waiter.close();
        }
        if (waiter.endedBySessionLoss()) {
            if (granted) {
                // Granted in a session that has just been lost: the grant is worth nothing.
                release(mutex);
            }
            throw waitEnded(request, connection, "the ZooKeeper session was lost", failure);
        }
        if (failure instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (failure != null) {
            if (ThreadUtils.checkInterrupted(failure)) {
                throw new InterruptedException("interrupted while waiting for the ZooKeeper lock "
                        + LockNodes.pathOf(request.key()));
            }
            throw waitEnded(request, connection, "the connection was lost and did not come back in time ("
                    + failure + ")", failure);
        }
        if (!granted) {
            return null;
        }
        String node = request.mode() == LockMode.EXCLUSIVE ? lock.writeLock().getLockPath() : lock.readLock().getLockPath();
        return new ZooKeeperLock(connection, mutex, node, request.target(), lostBefore);
    }

    /** The sequence number ZooKeeper appended to a lock node's name: its last ten characters. */
    private static String sequence(String node) {
        return node.length() > 10 ? node.substring(node.length() - 10) : node;
    }

    private static void release(InterProcessMutex mutex) {
        try {
            mutex.release();
        } catch (Exception e) {
            // The session that held it is gone, and its node with it.
            ThreadUtils.checkInterrupted(e);
        }
    }

    private static IOException waitEnded(ClusterLockRequest request, ZooKeeperConnection connection, String why,
            Exception cause) {
        String folder = LockNodes.pathOf(request.key());
        return new IOException("The wait for the " + request.mode() + " lock on " + request.target() + " through"
                + " ZooKeeper at " + connection.connect() + " (" + connection.connectSetting() + ", lock " + folder
                + ") ended: " + why + ". Check the ensemble and this host's network. The lock was not taken.", cause);
    }

    @Override
    public String holderOf(ClusterLockRequest request) {
        String folder = LockNodes.pathOf(request.key());
        String through = "another host or process, through the ZooKeeper lock " + folder;
        try {
            ZooKeeperConnection connection = ZooKeeperConnection.of(request.settings());
            if (!connection.client().getZookeeperClient().isConnected()) {
                return through;
            }
            // The oldest node holds the lock (readers: one of them); sequence numbers end every node's name.
            List<String> nodes = connection.client().getChildren().forPath(folder);
            if (nodes.isEmpty()) {
                return through;
            }
            String first = Collections.min(nodes, Comparator.comparing(ZooKeeperLockProvider::sequence));
            byte[] data = connection.client().getData().forPath(folder + "/" + first);
            return new String(data, StandardCharsets.UTF_8) + ", through the ZooKeeper lock " + folder;
        } catch (Exception e) {
            ThreadUtils.checkInterrupted(e);
            return through;
        }
    }
}
