package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @FileLocked} between processes: child JVMs, woven the way this JVM is, increment one
 * counter file through an annotated read-modify-write, and no increment may be lost.
 */
class CrossProcessLockTest {

    private static final int CHILDREN = 4;
    private static final int INCREMENTS_EACH = 50;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @TempDir
    Path dir;

    @Test
    void incrementsFromFourProcessesUnderTheLockAreNeverLost() throws Exception {
        Path file = dir.resolve("counter.txt");
        for (int i = 0; i < CHILDREN; i++) {
            children.start(dir.resolve("child-" + i + ".log"), LockedIncrementMain.class,
                    file.toString(), String.valueOf(INCREMENTS_EACH));
        }
        for (RunningChild child : children.started()) {
            child.expectLine("READY", Duration.ofSeconds(60));
        }

        for (RunningChild child : children.started()) {
            child.send("GO");
        }
        for (RunningChild child : children.started()) {
            child.expectLine("DONE", Duration.ofSeconds(60));
            assertThat(child.awaitExit(Duration.ofSeconds(10))).as("exit code").isZero();
        }

        assertThat(Files.readString(file)).as("increments kept under %s", WeavingMode.name())
                .isEqualTo(String.valueOf(CHILDREN * INCREMENTS_EACH));
        assertThat(FileLocks.lockFileFor(file)).as("the lock sidecar").isRegularFile();
    }
}
