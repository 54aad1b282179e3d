package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.LockedSubject;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Z1: an uncontended exclusive lock and release across hosts, through an {@code @FileLocked} method
 * with {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper}, against the same through Curator's
 * {@link InterProcessReadWriteLock#writeLock()} called by hand on a client of its own: the recipe the
 * provider is built on. Each fork starts a real ensemble of three ZooKeeper servers in its JVM
 * ({@code -p servers=1}: one server alone, by hand), and both sides connect to the same follower
 * (see {@link ZooKeeperEnsemble#followerConnectString()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ZooKeeperLockBenchmark {

    /**
     * Locks and releases at each side's set-up, before JMH's own warm-up: the ensemble's servers run
     * in the fork's JVM and are compiled by its JIT too, which JMH's few warm-up seconds would leave
     * half done.
     */
    private static final int WARM_UP = 1000;

    /** Creates the benchmark; JMH does. */
    public ZooKeeperLockBenchmark() {
    }

    /** The ensemble of one fork, started before either side's set-up. */
    @State(Scope.Benchmark)
    public static class Ensemble {

        /** How many servers: 3 (a quorum) by default. */
        @Param({"3"})
        public int servers;

        private ZooKeeperEnsemble ensemble;
        private Path directory;

        /** Creates the state; JMH does. */
        public Ensemble() {
        }

        /**
         * Starts the servers and makes the files' directory.
         *
         * @throws Exception when the ensemble does not start
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            ensemble = ZooKeeperEnsemble.start(servers);
            directory = BenchFiles.freshDirectory("z1-");
        }

        /**
         * Stops the servers and removes the files.
         *
         * @throws IOException when a server does not stop
         */
        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                ensemble.close();
            } finally {
                BenchFiles.delete(directory);
            }
        }
    }

    /** Our side: the engine set to lock through ZooKeeper, with or without the OS lock file. */
    @State(Scope.Benchmark)
    public static class Annotated {

        /** {@code RESILIENT_IO_LOCK_OS}: {@code false} locks through ZooKeeper alone. */
        @Param({"false", "true"})
        public boolean osLock;

        private final PathOperation locked = new LockedSubject();
        private Path file;

        /** Creates the state; JMH does. */
        public Annotated() {
        }

        /**
         * Points the engine at the ensemble's follower and warms both up.
         *
         * @param ensemble the fork's ensemble
         * @throws IOException when a lock is not granted
         */
        @Setup(Level.Trial)
        public void configure(Ensemble ensemble) throws IOException {
            WeavingCheck.verify(LockedSubject.class);
            file = ensemble.directory.resolve("data.json");
            ensemble.ensemble.configureEngine(osLock);
            for (int i = 0; i < WARM_UP; i++) {
                locked.read(file);
            }
        }
    }

    /** The yardstick: Curator's write lock on a client of its own. */
    @State(Scope.Benchmark)
    public static class Raw {

        private RawCuratorLock lock;

        /** Creates the state; JMH does. */
        public Raw() {
        }

        /**
         * Connects to the ensemble's follower and warms both up.
         *
         * @param ensemble the fork's ensemble
         * @throws Exception when the client does not connect or a lock is not granted
         */
        @Setup(Level.Trial)
        public void connect(Ensemble ensemble) throws Exception {
            lock = new RawCuratorLock(ensemble.ensemble.followerConnectString(), ensemble.directory.resolve("data.json"));
            for (int i = 0; i < WARM_UP; i++) {
                lock.lockAndRelease();
            }
        }

        /** Closes the client, which ends its session. */
        @TearDown(Level.Trial)
        public void close() {
            lock.close();
        }
    }

    /**
     * Z1: the annotated method, its exclusive lock taken through ZooKeeper.
     *
     * @param annotated our side's state
     * @return the body's result
     * @throws IOException when the lock is not granted
     */
    @Benchmark
    public int fileLockedZooKeeper(Annotated annotated) throws IOException {
        return annotated.locked.read(annotated.file);
    }

    /**
     * Z1 yardstick: acquire and release of Curator's write lock.
     *
     * @param raw the yardstick's state
     * @return what the annotated body returns
     * @throws Exception when Curator cannot reach the ensemble
     */
    @Benchmark
    public int rawCuratorWriteLock(Raw raw) throws Exception {
        return raw.lock.lockAndRelease();
    }
}
