package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four "hosts", each its own JVM, that share nothing but one directory and the ensemble, make 100
 * read-modify-write increments each of one JSON counter with {@code ResilientJson.updateJson}, locked
 * through ZooKeeper with the OS lock file off ({@code RESILIENT_IO_LOCK_OS=false}, so only the
 * ensemble stands between them): no increment is lost or applied twice, also while the ensemble's
 * leader is killed mid-run.
 */
class CrossHostCounterTest {

    private static final int HOSTS = 4;
    private static final int INCREMENTS_EACH = 100;
    private static final int TOTAL = HOSTS * INCREMENTS_EACH;
    /** Generous for 400 increments on a loaded machine; a hang shows as a failure, not a stuck build. */
    private static final Duration REPORT_WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final Ensemble ensemble = new Ensemble();

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @TempDir
    Path dir;

    @Test
    void fourHostsIncrementOneJsonCounterToExactlyTheirTotal() throws Exception {
        Path file = Files.createDirectory(dir.resolve("share")).resolve("counter.json");
        CounterRace race = CounterRace.start(children, dir, ensemble.hostEnvironment(null, Map.of()), file, HOSTS,
                INCREMENTS_EACH);

        race.go();
        CounterRace.Outcome outcome = race.finish(REPORT_WAIT);

        assertThat(outcome.commits()).hasSize(TOTAL);
        System.out.printf("CrossHostCounterTest: %d increments by %d hosts through ZooKeeper, %d redone (%s); median"
                + " time between commits %.1f ms%n", TOTAL, HOSTS, outcome.redos().size(), outcome.redos(),
                outcome.medianGap() / 1000.0);
    }

    @Test
    void fourHostsCountExactlyWhileTheEnsembleLosesItsLeader() throws Exception {
        Path file = Files.createDirectory(dir.resolve("share")).resolve("counter.json");
        CounterRace race = CounterRace.start(children, dir, ensemble.hostEnvironment(null, Map.of()), file, HOSTS,
                INCREMENTS_EACH);
        InstanceSpec leader = ensemble.leader();

        race.go();
        awaitCount(race, TOTAL / 4);
        long killedAt = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        int countAtKill = race.countOnDisk();
        ensemble.kill(leader);
        CounterRace.Outcome outcome;
        InstanceSpec newLeader;
        try {
            newLeader = ensemble.leader();
            outcome = race.finish(REPORT_WAIT);
        } finally {
            ensemble.restart(leader);
        }

        assertThat(newLeader).isNotEqualTo(leader);
        assertThat(outcome.commits()).as("increments committed before the leader was killed")
                .anyMatch(commit -> commit.micros() < killedAt);
        assertThat(outcome.commits()).as("increments committed after the leader was killed")
                .anyMatch(commit -> commit.micros() > killedAt);
        CounterRace.Commit firstAfter = outcome.commits().stream().filter(c -> c.micros() > killedAt).findFirst().orElseThrow();
        CounterRace.Commit longest = outcome.longestGapEnd();
        System.out.printf("CrossHostCounterTest: leader killed at count %d (of %d); progress stalled %.0f ms (from the"
                + " last commit before the kill to the first after it, %.0f ms after the kill); longest gap of the run"
                + " %.0f ms, ending at value %d; median gap %.1f ms; %d increments redone (%s); session timeout 15 s%n",
                countAtKill, TOTAL, outcome.gapBefore(firstAfter) / 1000.0, (firstAfter.micros() - killedAt) / 1000.0,
                outcome.gapBefore(longest) / 1000.0, longest.value(), outcome.medianGap() / 1000.0,
                outcome.redos().size(), outcome.redos());
    }

    private static void awaitCount(CounterRace race, int count) throws Exception {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        while (race.countOnDisk() < count) {
            assertThat(System.nanoTime() - deadline).as("the counter reached %d within %s", count, REPORT_WAIT).isNegative();
            Thread.sleep(10);
        }
    }
}
