package dev.resilientio.benchmarks;

import dev.resilientio.core.config.ResilientIoConfig;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real ensemble of ZooKeeper servers in this JVM for Z1 and Z2 (Curator's {@code TestingCluster}),
 * their data directories, and so their transaction logs and fsyncs, in a fresh directory under
 * {@code bench.dir}: the file system the benchmarks' own files are on.
 */
final class ZooKeeperEnsemble implements Closeable {

    /** The namespace of the lock nodes: the provider's default. */
    static final String NAMESPACE = "resilient-io";
    /** The session timeout of every client: the provider's default. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

    /** How long the servers may take to elect a leader before the benchmark gives up. */
    private static final long ELECTION_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path directory;
    private final TestingCluster cluster;
    private final InstanceSpec follower;

    private ZooKeeperEnsemble(Path directory, TestingCluster cluster, InstanceSpec follower) {
        this.directory = directory;
        this.cluster = cluster;
        this.follower = follower;
    }

    /**
     * Starts an ensemble and waits until it has elected a leader.
     *
     * @param servers how many servers (3 for a real quorum)
     * @return the started ensemble
     * @throws Exception when a server does not start, or no leader is elected within a minute
     */
    static ZooKeeperEnsemble start(int servers) throws Exception {
        // A server whose election listener fails 3 times asks to end the JVM (ZooKeeper's exit code 14), which
        // here is the benchmark's: a loaded machine ended a JMH fork so. 0: it tries again, a second apart.
        System.setProperty("zookeeper.electionPortBindRetry", "0");
        Path directory = BenchFiles.freshDirectory("zookeeper-");
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= servers; id++) {
            Path data = Files.createDirectory(directory.resolve("server-" + id));
            // -1: a free port, the default tick and connection limit; the data directory is deleted on close.
            specs.add(new InstanceSpec(data.toFile(), -1, -1, -1, true, id, -1, -1));
        }
        TestingCluster cluster = new TestingCluster(specs);
        try {
            cluster.start();
            return new ZooKeeperEnsemble(directory, cluster, awaitFollower(specs));
        } catch (Exception | Error e) {
            cluster.close();
            BenchFiles.delete(directory);
            throw e;
        }
    }

    /** Every server, as a client lists them: each client connects to one of them at random. */
    String connectString() {
        return cluster.getConnectString();
    }

    /**
     * One follower only (the only server of a single-server ensemble): clients that must be compared
     * connect here, so that neither is on the leader by the chance of a random pick, which saves
     * every write its forward to the leader.
     */
    String followerConnectString() {
        return address(follower);
    }

    /**
     * Sets this JVM's engine to lock through this ensemble's follower, as
     * {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper} would, with the provider's default namespace and
     * session timeout.
     *
     * @param osLock {@code RESILIENT_IO_LOCK_OS}: whether the OS lock file is taken as well
     */
    void configureEngine(boolean osLock) {
        System.setProperty("resilientio.lock.provider", "zookeeper");
        System.setProperty("resilientio.zookeeper.connect", followerConnectString());
        System.setProperty("resilientio.lock.os", Boolean.toString(osLock));
        ResilientIoConfig.reload();
    }

    @Override
    public void close() throws IOException {
        try {
            cluster.close();
        } finally {
            BenchFiles.delete(directory);
        }
    }

    /**
     * Asks each server its role with ZooKeeper's {@code srvr} command (the one allowed by default)
     * until one is the leader, and returns a follower, or the server itself when it runs alone.
     */
    private static InstanceSpec awaitFollower(List<InstanceSpec> specs) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<String> roles = List.of();
        while (System.nanoTime() - start < ELECTION_NANOS) {
            roles = new ArrayList<>();
            InstanceSpec follower = null;
            boolean leader = false;
            for (InstanceSpec spec : specs) {
                String mode = mode(spec);
                roles.add(address(spec) + " " + mode);
                leader |= mode.equals("leader") || mode.equals("standalone");
                if (follower == null && (mode.equals("follower") || mode.equals("standalone"))) {
                    follower = spec;
                }
            }
            if (leader && follower != null) {
                return follower;
            }
            Thread.sleep(100);
        }
        throw new IOException("The ZooKeeper ensemble elected no leader within a minute: " + roles
                + ". Is the machine overloaded, or are its ports blocked?");
    }

    private static String address(InstanceSpec spec) {
        return spec.getHostname() + ":" + spec.getPort();
    }

    /** The server's {@code Mode:} line of {@code srvr}, or why there is none. */
    private static String mode(InstanceSpec spec) {
        try {
            return srvr(spec).getOrDefault("Mode", "no mode yet");
        } catch (IOException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    /**
     * The follower's counters, from {@code srvr}: {@code Received} (requests from its clients, pings
     * included) and {@code Zxid} (the last transaction it applied, in hexadecimal), among others.
     *
     * @return each {@code name: value} line of the answer
     * @throws IOException when the follower does not answer
     */
    Map<String, String> followerStats() throws IOException {
        return srvr(follower);
    }

    private static Map<String, String> srvr(InstanceSpec spec) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.getHostname(), spec.getPort()), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            Map<String, String> lines = new HashMap<>();
            for (String line : answer.toString(StandardCharsets.US_ASCII).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lines.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
            return lines;
        }
    }
}
