package dev.resilientio.zookeeper;

import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.rules.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.utils.ThreadUtils;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Curator client per ensemble, namespace and session timeout, started at the first lock and
 * closed when the JVM exits (so that its locks go at once, not a session timeout later). It counts
 * the sessions it lost, so that a grant taken in an earlier session is known to be gone. Thread-safe.
 */
final class ZooKeeperConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConnection.class);
    private static final Map<Key, ZooKeeperConnection> OPEN = new ConcurrentHashMap<>();
    /** Between two tries of one ZooKeeper request while the connection is down. */
    private static final int RETRY_SLEEP_MILLIS = 200;
    /** The node, under the namespace, that names the ensemble the fencing tokens count in. */
    static final String TOKEN_SPACE = "/fencing-space";
    /** The longest wait for a connection at a lock before its own timeout ends it. */
    private static final Duration LONGEST_CONNECT = Duration.ofSeconds(15);
    /** Beyond this many keys, the cache of Curator's lock objects starts afresh. */
    static final int MAX_CACHED_LOCKS = 256;
    /** The settings asked for last, and their connection: every lock brings the same settings until a reload. */
    private static volatile Recent recent;

    private final Key key;
    private final String connectSetting;
    private final CuratorFramework client;
    /** Sessions lost since the client started: a grant records the count it was taken under. */
    private final AtomicLong lostSessions = new AtomicLong();
    /** Grants held now through this client; the shutdown hook waits for them. */
    private final AtomicInteger held = new AtomicInteger();
    private final byte[] lockData;
    /** The ensemble's name for its tokens, and the session it was read in. */
    private volatile String tokenSpace;
    private volatile long tokenSpaceSession;
    /** The threads waiting for a lock now: the loss of the session ends their waits. */
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /**
     * Curator's lock of each key locked lately, built once rather than at every lock, which built its
     * two mutexes and their watcher bookkeeping anew each time. One object serves every thread of the
     * JVM: Curator keeps a node per thread.
     */
    private final Map<String, InterProcessReadWriteLock> locks = new ConcurrentHashMap<>();

    private record Key(String connect, String namespace, Duration sessionTimeout) {
    }

    private record Recent(LockSettings settings, ZooKeeperConnection connection) {
    }

    private ZooKeeperConnection(Key key, String connectSetting) {
        this.key = key;
        this.connectSetting = connectSetting;
        int sessionMillis = (int) key.sessionTimeout().toMillis();
        // A request that meets a lost connection is tried again for as long as the session can outlive it.
        this.client = CuratorFrameworkFactory.builder()
                .connectString(key.connect())
                .namespace(key.namespace())
                .sessionTimeoutMs(sessionMillis)
                .connectionTimeoutMs((int) Math.min(sessionMillis, LONGEST_CONNECT.toMillis()))
                .retryPolicy(new RetryUntilElapsed(sessionMillis, RETRY_SLEEP_MILLIS))
                .build();
        this.client.getConnectionStateListenable().addListener((curator, state) -> {
            if (state == ConnectionState.LOST) {
                lostSessions.incrementAndGet();
                for (Waiter waiter : waiters) {
                    waiter.endWait();
                }
                LOG.warn("Lost the ZooKeeper session with {} ({}): every lock across hosts held through it is gone,"
                        + " and an atomic write under one will fail with FileLockLostException.", key.connect(),
                        connectSetting);
            } else if (state == ConnectionState.SUSPENDED) {
                LOG.warn("Lost the connection to ZooKeeper at {} ({}); the session and its locks last {} more at"
                        + " most unless it comes back.", key.connect(), connectSetting, Durations.format(key.sessionTimeout()));
            } else if (state == ConnectionState.RECONNECTED) {
                LOG.info("Connected to ZooKeeper at {} again.", key.connect());
            }
        });
        this.lockData = (hostName() + " (pid " + ProcessHandle.current().pid() + ")").getBytes(StandardCharsets.UTF_8);
    }

    /** The started connection for these settings, created at the first call. */
    static ZooKeeperConnection of(LockSettings settings) {
        Recent last = recent;
        if (last != null && last.settings() == settings) {
            return last.connection();
        }
        ZooKeeperConnection connection = lookUp(settings);
        recent = new Recent(settings, connection);
        return connection;
    }

    private static ZooKeeperConnection lookUp(LockSettings settings) {
        Key key = new Key(settings.connect(), settings.namespace(), settings.sessionTimeout());
        ZooKeeperConnection known = OPEN.get(key);
        if (known != null) {
            return known;
        }
        return OPEN.computeIfAbsent(key, k -> {
            ZooKeeperConnection connection = new ZooKeeperConnection(k, settings.connectSetting());
            connection.client.start();
            Runtime.getRuntime().addShutdownHook(new Thread(connection::closeWhenReleased, "resilient-io ZooKeeper close"));
            return connection;
        });
    }

    /**
     * Closes the client once no thread of this JVM holds a lock through it, waiting at most a session
     * timeout: the JVM runs its shutdown hooks while the application may still be finishing its work
     * (a graceful shutdown), and closing the session would take its locks away from under it.
     */
    private void closeWhenReleased() {
        long deadline = System.nanoTime() + key.sessionTimeout().toNanos();
        try {
            while (held.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    /** Counts a grant taken through this client, until {@link #released()}. */
    void granted() {
        held.incrementAndGet();
    }

    /** Counts a grant released. */
    void released() {
        held.decrementAndGet();
    }

    CuratorFramework client() {
        return client;
    }

    String connect() {
        return key.connect();
    }

    String connectSetting() {
        return connectSetting;
    }

    Duration sessionTimeout() {
        return key.sessionTimeout();
    }

    long lostSessions() {
        return lostSessions.get();
    }

    /** What this process writes into its lock nodes, for another host's timeout message. */
    byte[] lockData() {
        return lockData;
    }

    /**
     * Curator's read-write lock of a key. An object dropped from the cache still serves the grants
     * taken through it, which keep a reference; a thread's next lock takes a new one, as threads of
     * this JVM are ordered by the engine before they reach ZooKeeper.
     */
    InterProcessReadWriteLock lockOf(String key) {
        InterProcessReadWriteLock lock = locks.get(key);
        if (lock != null) {
            return lock;
        }
        if (locks.size() >= MAX_CACHED_LOCKS) {
            locks.clear();
        }
        return locks.computeIfAbsent(key, k -> new InterProcessReadWriteLock(client, LockNodes.pathOf(k), lockData));
    }

    /**
     * Registers the calling thread as waiting for a lock, so that the loss of the session ends its
     * wait; close the waiter once the wait is over, granted or not.
     */
    Waiter waiting() {
        Waiter waiter = new Waiter(Thread.currentThread());
        waiters.add(waiter);
        return waiter;
    }

    /**
     * One thread's wait for a lock. Curator's lock waits on a monitor and retries its requests until
     * the connection comes back or its retries are spent, which may be several session timeouts: the
     * only way to end that wait when the session is gone is to interrupt it, which the waiter then
     * takes back.
     */
    final class Waiter implements AutoCloseable {
        private final Thread thread;
        private boolean over;
        private boolean ended;

        private Waiter(Thread thread) {
            this.thread = thread;
        }

        private synchronized void endWait() {
            if (!over) {
                ended = true;
                thread.interrupt();
            }
        }

        /**
         * Ends the wait; when the loss of the session interrupted it, clears the interrupt, which was
         * this class's and not the application's.
         */
        @Override
        public synchronized void close() {
            over = true;
            waiters.remove(this);
            if (ended) {
                Thread.interrupted();
            }
        }

        /** Whether the loss of the session ended the wait. */
        synchronized boolean endedBySessionLoss() {
            return ended;
        }
    }

    /**
     * The identity of the ensemble the tokens count in: a random name kept in the node
     * {@value #TOKEN_SPACE} under the namespace, created by the first host that fences a write. A
     * rebuilt ensemble has none, so its first fenced write creates a new one. Read once per session.
     */
    String tokenSpace() throws IOException {
        long session = sessionId();
        String known = tokenSpace;
        if (known != null && tokenSpaceSession == session) {
            return known;
        }
        try {
            byte[] name;
            try {
                name = client.getData().forPath(TOKEN_SPACE);
            } catch (KeeperException.NoNodeException absent) {
                try {
                    client.create().forPath(TOKEN_SPACE, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
                } catch (KeeperException.NodeExistsException anotherHostFirst) {
                    // Read the one it made.
                }
                name = client.getData().forPath(TOKEN_SPACE);
            }
            String read = new String(name, StandardCharsets.US_ASCII).strip();
            if (!read.matches("[\\x21-\\x7e]{1,120}")) {
                throw new IOException("the node " + TOKEN_SPACE + " holds no name of 1 to 120 printable characters");
            }
            tokenSpace = read;
            tokenSpaceSession = session;
            return read;
        } catch (IOException e) {
            throw new IOException("Could not read which ZooKeeper ensemble the fencing tokens count in (" + TOKEN_SPACE
                    + " under the namespace " + key.namespace() + ", at " + key.connect() + "): " + e.getMessage(), e);
        } catch (Exception e) {
            ThreadUtils.checkInterrupted(e);
            throw new IOException("Could not read which ZooKeeper ensemble the fencing tokens count in (" + TOKEN_SPACE
                    + " under the namespace " + key.namespace() + ", at " + key.connect() + "): " + e, e);
        }
    }

    /** The id of the session the client has now; 0 when it has none. */
    long sessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * Waits until the client is connected, at most the time given (and {@link #LONGEST_CONNECT}).
     *
     * @throws IOException naming the setting and the address when it is not
     */
    void awaitConnected(Path target, long timeoutNanos) throws IOException, InterruptedException {
        if (client.getZookeeperClient().isConnected()) {
            return;
        }
        long millis = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), LONGEST_CONNECT.toMillis()));
        if (!client.blockUntilConnected((int) millis, TimeUnit.MILLISECONDS)) {
            throw new IOException("Could not reach ZooKeeper at " + key.connect() + " (" + connectSetting + ") within "
                    + Durations.format(Duration.ofMillis(millis)) + " to lock " + target + ". Check that the ensemble"
                    + " runs and that this host reaches it at that address, or correct " + connectSetting + ".");
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"),
                    Objects.requireNonNullElse(System.getenv("COMPUTERNAME"), "a host"));
        }
    }
}
