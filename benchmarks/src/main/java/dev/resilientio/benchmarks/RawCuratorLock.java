package dev.resilientio.benchmarks;

import java.io.Closeable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Z1's yardstick: Curator's {@link InterProcessReadWriteLock#writeLock()}, created once, acquired and
 * released by hand on a Curator client of its own, with the provider's namespace and session timeout:
 * what an application would write with Curator alone.
 */
final class RawCuratorLock implements Closeable {

    private final CuratorFramework client;
    private final InterProcessMutex lock;
    private final Path file;

    /**
     * Connects and creates the lock.
     *
     * @param connect the server to connect to
     * @param file the file the lock stands for: its path names the lock's folder, as the provider's key does
     */
    RawCuratorLock(String connect, Path file) throws InterruptedException {
        this.file = file;
        this.client = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .namespace(ZooKeeperEnsemble.NAMESPACE)
                .sessionTimeoutMs((int) ZooKeeperEnsemble.SESSION_TIMEOUT.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 5))
                .build();
        client.start();
        if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("Z1's own Curator client did not connect to " + connect + " within a minute");
        }
        String folder = "/locks/" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
        this.lock = new InterProcessReadWriteLock(client, folder).writeLock();
    }

    /** Acquires and releases the lock, uncontended; returns what the annotated subject's body returns. */
    int lockAndRelease() throws Exception {
        if (!lock.acquire(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Curator's write lock on " + file + " was not granted within 5 s, uncontended");
        }
        try {
            return file.hashCode();
        } finally {
            lock.release();
        }
    }

    /** Closes the client, which ends its session. */
    @Override
    public void close() {
        client.close();
    }
}
