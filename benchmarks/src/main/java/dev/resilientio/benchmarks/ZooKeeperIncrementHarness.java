package dev.resilientio.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * Z2 (not JMH): P4's read-modify-write increments through {@code updateJson}, 4 processes against 1,
 * with every worker locking through ZooKeeper ({@code RESILIENT_IO_LOCK_PROVIDER=zookeeper}) and no
 * OS lock file ({@code RESILIENT_IO_LOCK_OS=false}), as hosts sharing a directory whose locks hang
 * would. A real ensemble of three ZooKeeper servers runs in this JVM; each worker is given all three
 * and connects to one at random, as a host would. Same figures as P4, and counts checked exactly.
 *
 * <p>Arguments: the JSON file to write the result to, the total number of increments per round, the
 * number of processes, the number of rounds.
 */
public final class ZooKeeperIncrementHarness {

    private ZooKeeperIncrementHarness() {
    }

    /**
     * Runs Z2.
     *
     * @param args result file, total increments per round, processes, rounds
     * @throws Exception when the ensemble does not start or a worker fails
     */
    public static void main(String[] args) throws Exception {
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3)) {
            List<String> zookeeper = List.of("-Dresilientio.lock.provider=zookeeper",
                    "-Dresilientio.zookeeper.connect=" + ensemble.connectString(), "-Dresilientio.lock.os=false");
            MultiProcessHarness.measure("Z2", zookeeper, Path.of(args[0]), Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }
}
