package dev.resilientio.zookeeper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The real ensemble of three ZooKeeper servers, in the test JVM, that this module's tests lock
 * through: started by the first test class that registers it, shared by the others, closed when
 * every test has run. Register it on a static field:
 * {@code @RegisterExtension static final Ensemble ensemble = new Ensemble();}
 *
 * <p>Its tick time is set to one second, so the servers grant sessions from 1 s to 20 s (2 to 20
 * ticks, and Curator's test servers lower the minimum to one tick): a test's short session of a few
 * seconds and the default of 15 s are both granted as asked.
 */
final class Ensemble implements BeforeAllCallback {

    /** ZooKeeper's time unit on these servers; sessions may last from 1 to 20 of them. */
    static final int TICK_MILLIS = 1000;
    private static final int SERVERS = 3;
    private static final Duration LEADER_WAIT = Duration.ofSeconds(60);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Ensemble.class);

    private Running running;

    /** The cluster, held in the root store, which closes it after the last test. */
    private record Running(TestingCluster cluster) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            cluster.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, type -> start(), Running.class);
    }

    private static Running start() {
        quietServers();
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            specs.add(new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1));
        }
        TestingCluster cluster = new TestingCluster(specs);
        try {
            cluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start an ensemble of " + SERVERS + " ZooKeeper servers", e);
        }
        return new Running(cluster);
    }

    /**
     * The servers run in the test JVM: their elections, closed sockets and killed peers are expected
     * here, and would bury a failure's own log. Set here rather than in a logback-test.xml, which
     * would meet core's on the class path of every child JVM and make logback print its status there.
     */
    private static void quietServers() {
        ((Logger) LoggerFactory.getLogger("org.apache.zookeeper.server")).setLevel(Level.OFF);
        ((Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("org.apache.curator")).setLevel(Level.ERROR);
    }

    /** Returns the ensemble's connect string, as {@code RESILIENT_IO_ZOOKEEPER_CONNECT} takes it. */
    String connectString() {
        return running.cluster().getConnectString();
    }

    /**
     * Returns the environment of a process that locks across hosts through this ensemble, with the
     * OS lock file off, as a host on a share whose fcntl locks cannot be trusted runs.
     *
     * @param sessionTimeout the ZooKeeper session timeout, or {@code null} for the default (15 s)
     * @param more further variables, such as {@code RESILIENT_IO_LOCK_TIMEOUT}
     * @return the variables to set
     */
    Map<String, String> hostEnvironment(Duration sessionTimeout, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>();
        environment.put("RESILIENT_IO_LOCK_PROVIDER", "zookeeper");
        environment.put("RESILIENT_IO_ZOOKEEPER_CONNECT", connectString());
        environment.put("RESILIENT_IO_LOCK_OS", "false");
        if (sessionTimeout != null) {
            environment.put("RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT", sessionTimeout.toMillis() + "ms");
        }
        environment.putAll(more);
        return environment;
    }

    /**
     * Finds the server that leads the ensemble now, asking each with ZooKeeper's {@code srvr}
     * command (which Curator's test servers allow), and waiting while an election runs.
     *
     * @return the leader's instance
     * @throws AssertionError when no server leads within a minute
     */
    InstanceSpec leader() throws InterruptedException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            for (InstanceSpec spec : running.cluster().getInstances()) {
                if ("leader".equals(mode(spec))) {
                    return spec;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no server of the ensemble " + connectString() + " leads after " + LEADER_WAIT);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Asks a server its part in the ensemble.
     *
     * @return {@code leader}, {@code follower}, or {@code null} when it does not answer or serves no client now
     */
    static String mode(InstanceSpec spec) {
        try {
            String status = FourLetterWordMain.send4LetterWord(spec.getHostname(), spec.getPort(), "srvr", false, 2000);
            for (String line : status.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).strip();
                }
            }
            return null;
        } catch (Exception notServing) {
            return null;
        }
    }

    /** Kills a server at once, as a crash does: its clients lose their connection to it. */
    void kill(InstanceSpec server) throws Exception {
        if (!running.cluster().killServer(server)) {
            throw new IllegalArgumentException("no server " + server + " in the ensemble");
        }
    }

    /** Starts a killed server again, and waits until it serves clients as a member of the ensemble. */
    void restart(InstanceSpec server) throws Exception {
        running.cluster().restartServer(server);
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (mode(server) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the restarted server " + server + " did not rejoin within " + LEADER_WAIT);
            }
            Thread.sleep(50);
        }
    }
}
