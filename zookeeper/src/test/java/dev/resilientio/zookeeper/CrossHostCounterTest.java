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
    /** The stall after the leader's loss is looked for in this time after the kill. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

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
        countWhileTheLeaderIsKilled(null);
    }

    /**
     * Sessions of 2 s may end while the ensemble elects a new leader: a host then loses the lock it
     * held, its commit fails with FileLockLostException, and it makes that increment again.
     */
    @Test
    void fourHostsOnTwoSecondSessionsCountExactlyWhileTheEnsembleLosesItsLeader() throws Exception {
        countWhileTheLeaderIsKilled(Duration.ofSeconds(2));
    }

    private void countWhileTheLeaderIsKilled(Duration session) throws Exception {
        Path file = Files.createDirectory(dir.resolve("share")).resolve("counter.json");
        CounterRace race = CounterRace.start(children, dir, ensemble.hostEnvironment(session, Map.of()), file, HOSTS,
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
        CounterRace.Commit stallEnd = outcome.longestGapEndingBetween(killedAt, killedAt + AFTER_KILL.toNanos() / 1000);
        CounterRace.Commit longest = outcome.longestGapEndingBetween(Long.MIN_VALUE, Long.MAX_VALUE);
        System.out.printf("CrossHostCounterTest: leader killed at count %d (of %d); first commit %.0f ms after the kill;"
                + " progress stalled %.0f ms (the longest gap between successive commits ending within %d s of the"
                + " kill; it ended %.0f ms after the kill); longest gap of the whole run %.0f ms; median gap %.1f ms;"
                + " %d increments redone %s; session timeout %s%n", countAtKill, TOTAL,
                (firstAfter.micros() - killedAt) / 1000.0, outcome.gapBefore(stallEnd) / 1000.0, AFTER_KILL.toSeconds(),
                (stallEnd.micros() - killedAt) / 1000.0, outcome.gapBefore(longest) / 1000.0,
                outcome.medianGap() / 1000.0, outcome.redos().size(), outcome.redos(),
                session == null ? "15 s (the default)" : session.toMillis() + " ms");
    }

    private static void awaitCount(CounterRace race, int count) throws Exception {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        while (race.countOnDisk() < count) {
            assertThat(System.nanoTime() - deadline).as("the counter reached %d within %s", count, REPORT_WAIT).isNegative();
            Thread.sleep(10);
        }
    }
}
