package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing between two hosts: host A, holding the EXCLUSIVE lock in the middle of an atomic update,
 * is stopped with SIGSTOP (as a long GC pause or a frozen VM stops a process) for longer than its
 * ZooKeeper session; host B then takes the lock and commits; A, resumed, must not overwrite B's
 * content. Without the fencing check before the rename it does: {@code scripts/fencing-mutation.sh}
 * removes the check and shows this test failing.
 */
class PausedHolderFencingTest {

    /** A's session: short, so that the test waits little for the ensemble to end it; B keeps the default. */
    private static final Duration SESSION = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String A_CONTENT = "written by A, which was paused while holding the lock\n";
    private static final String B_CONTENT = "written by B, which took the lock while A was paused\n";

    @RegisterExtension
    static final Ensemble ensemble = new Ensemble();

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @TempDir
    Path dir;

    @Test
    void aHolderPausedPastItsSessionCannotOverwriteWhatTheNextHolderCommitted() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path file = share.resolve("notes.txt");
        Files.writeString(file, "initial\n");
        RunningChild a = children.start(dir.resolve("a.log"),
                ensemble.hostEnvironment(SESSION, Map.of("RESILIENT_IO_ATOMIC_KEEP_FAILED", "true")),
                FencedUpdateMain.class, file.toString(), A_CONTENT);
        RunningChild b = children.start(dir.resolve("b.log"),
                ensemble.hostEnvironment(null, Map.of("RESILIENT_IO_LOCK_TIMEOUT", WAIT.toSeconds() + "s")),
                FencedUpdateMain.class, file.toString(), B_CONTENT);
        a.expectLine("READY", WAIT);
        b.expectLine("READY", WAIT);

        a.send("GO");
        a.expectLine("CHANGING", WAIT);
        a.pause();
        long pausedAt = System.nanoTime();
        b.send("GO");
        b.expectLine("CHANGING", WAIT);
        long bWaitedMillis = Duration.ofNanos(System.nanoTime() - pausedAt).toMillis();
        b.send("FINISH");
        b.expectLine("COMMITTED", WAIT);
        a.resume();
        a.send("FINISH");
        String aOutcome = a.nextLine(WAIT);

        assertThat(Files.readString(file)).as("%s after paused A resumed and tried to commit", file).isEqualTo(B_CONTENT);
        assertThat(aOutcome).as("what A reported of its commit").startsWith("LOST ");
        Path kept = Path.of(aOutcome.substring("LOST ".length()));
        assertThat(kept).as("A's recovery file").hasParent(share);
        assertThat(Files.readString(kept)).isEqualTo(A_CONTENT);
        assertThat(Files.readString(Fencing.fenceFileOf(file.toRealPath())).strip()).matches("[0-9]{20} [0-9a-f-]{36}");
        String because = a.nextLine(WAIT);
        assertThat(because).startsWith("BECAUSE The lock on " + file.toRealPath() + " was lost");
        a.expectLine("DONE", WAIT);
        b.expectLine("DONE", WAIT);
        assertThat(a.awaitExit(WAIT)).isZero();
        assertThat(b.awaitExit(WAIT)).isZero();
        assertThat(Temps.in(share)).as("temp files left in %s", share).isEmpty();
        System.out.printf("PausedHolderFencingTest: B got the lock %d ms after A was stopped (A's session timeout %d"
                + " ms); A's commit failed with FileLockLostException (%s), its content kept as %s%n", bWaitedMillis,
                SESSION.toMillis(), because.substring("BECAUSE ".length()), kept.getFileName());
    }
}
