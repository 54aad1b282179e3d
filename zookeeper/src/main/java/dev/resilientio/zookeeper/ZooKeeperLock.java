package dev.resilientio.zookeeper;

import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.lock.ClusterLock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.utils.ThreadUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One grant of a Curator lock, held by the thread that took it. */
final class ZooKeeperLock implements ClusterLock {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLock.class);

    private final ZooKeeperConnection connection;
    private final InterProcessMutex mutex;
    /** This grant's lock node, under the namespace. */
    private final String node;
    private final Path target;
    /** The connection's count of lost sessions when the grant was taken. */
    private final long lostBefore;

    ZooKeeperLock(ZooKeeperConnection connection, InterProcessMutex mutex, String node, Path target, long lostBefore) {
        this.connection = connection;
        this.mutex = mutex;
        this.node = node;
        this.target = target;
        this.lostBefore = lostBefore;
        connection.granted();
    }

    /**
     * Reads this grant's lock node from the ensemble: it must still exist, as an ephemeral node of
     * the session the client has now, which must be the one it was taken in. Its creation zxid is the token.
     */
    @Override
    public long verify() throws IOException {
        if (connection.lostSessions() != lostBefore) {
            throw lost(-1, "the ZooKeeper session that held it ended", null);
        }
        Stat stat;
        try {
            synced();
            stat = connection.client().checkExists().forPath(node);
        } catch (Exception e) {
            if (ThreadUtils.checkInterrupted(e)) {
                InterruptedIOException interrupted = new InterruptedIOException("Interrupted while confirming with"
                        + " ZooKeeper that the lock on " + target + " is still held; the target was left unchanged and"
                        + " the thread's interrupt flag is set");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw lost(-1, "ZooKeeper at " + connection.connect() + " could not confirm that it is still held (" + e + ")", e);
        }
        if (stat == null) {
            throw lost(-1, "its lock node " + node + " is gone: the ZooKeeper session that held it expired", null);
        }
        long session = connection.sessionId();
        if (stat.getEphemeralOwner() != session || connection.lostSessions() != lostBefore) {
            throw lost(stat.getCzxid(), "its lock node " + node + " belongs to ZooKeeper session 0x"
                    + Long.toHexString(stat.getEphemeralOwner()) + ", not to this client's session 0x" + Long.toHexString(session), null);
        }
        return stat.getCzxid();
    }

    /**
     * Brings the server this client reads from up to date with the leader first: a follower answers
     * reads from its own copy, which may lag, and could still show a node whose session the leader
     * has already ended. Curator runs a sync in the background only; its reply is awaited here.
     */
    private void synced() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        int[] result = {KeeperException.Code.OK.intValue()};
        connection.client().sync().inBackground((client, event) -> {
            result[0] = event.getResultCode();
            done.countDown();
        }).forPath(node);
        if (!done.await(connection.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no reply to a sync within the session timeout");
        }
        if (result[0] != KeeperException.Code.OK.intValue()) {
            throw KeeperException.create(KeeperException.Code.get(result[0]), node);
        }
    }

    private FileLockLostException lost(long token, String what, Throwable cause) {
        return new FileLockLostException(target, token, what, cause);
    }

    @Override
    public String tokenSpace() throws IOException {
        return connection.tokenSpace();
    }

    @Override
    public void release() {
        try {
            connection.released();
            mutex.release();
        } catch (Exception e) {
            // Curator deletes the node in the background until it can; the session's end removes it at the latest.
            LOG.warn("Could not release the ZooKeeper lock node {} of {} now: {}. ZooKeeper removes it once it can be"
                    + " reached again, or when this client's session ends ({} at most after losing it).", node, target,
                    e.toString(), connection.sessionTimeout());
        }
    }
}
