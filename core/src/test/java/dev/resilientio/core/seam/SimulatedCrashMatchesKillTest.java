package dev.resilientio.core.seam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A simulated crash leaves the disk exactly as a {@code kill -9} at the same step does: a child
 * JVM stopped at a step and killed there, against the same write crashed at that step in this JVM.
 */
class SimulatedCrashMatchesKillTest {

    private static final String CONTENT = "new content";
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @ParameterizedTest
    @CsvSource({"ATTEMPT, BODY", "TEMP_FSYNC, ENGINE", "RENAME, BODY", "DIRECTORY_FSYNC, ENGINE"})
    void aSimulatedCrashLeavesWhatAKillLeaves(Step step, String writer) throws Exception {
        Path killed = directoryWithOldContent("killed");
        Path simulated = directoryWithOldContent("simulated");

        RunningChild child = children.start(temp.resolve("child.log"), StopAtStepMain.class,
                killed.resolve("tasks.json").toString(), step.name(), writer, CONTENT);
        child.expectLine("AT " + step, CHILD_STARTUP);
        assertThat(child.kill()).as("exit code after SIGKILL").isEqualTo(137);
        Throwable thrown = crashHere(simulated.resolve("tasks.json"), step, writer);

        assertThat(thrown).isInstanceOf(SimulatedCrash.class);
        Map<String, String> left = snapshot(killed);
        boolean renamed = step == Step.DIRECTORY_FSYNC;
        assertThat(left.get("tasks.json")).as("the target after the kill").endsWith(" " + (renamed ? CONTENT : "old content"));
        if (renamed) {
            assertThat(left).as("no temp after the rename").doesNotContainKey(".tasks.json.*.tmp");
        } else {
            assertThat(left.get(".tasks.json.*.tmp")).as("the temp after the kill")
                    .endsWith(" " + (step == Step.ATTEMPT ? "" : CONTENT));
        }
        assertThat(snapshot(simulated)).as("after a simulated crash at %s", step).isEqualTo(snapshot(killed));
    }

    private Path directoryWithOldContent(String name) throws IOException {
        Path dir = Files.createDirectory(temp.resolve(name)).toRealPath();
        Files.writeString(dir.resolve("tasks.json"), "old content");
        return dir;
    }

    private static Throwable crashHere(Path file, Step crashStep, String writer) {
        FaultSeam.Installed seam = FaultSeam.install((step, operation, target) -> {
            if (step == crashStep) {
                throw new SimulatedCrash(step, target);
            }
        });
        try {
            return catchThrowable(() -> {
                if (writer.equals("ENGINE")) {
                    FileOperation.named("Crash.write").write(file, CONTENT.getBytes(StandardCharsets.UTF_8));
                } else {
                    ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, CONTENT));
                }
            });
        } finally {
            seam.close();
        }
    }

    /**
     * Each entry of a directory: its name (a temp's host, pid and random part replaced by {@code *}),
     * permissions and content; a lock file by name and permissions only, as its bytes are the lock's.
     */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> listed = Files.list(dir)) {
            for (Path entry : listed.toList()) {
                String name = entry.getFileName().toString().replaceAll("\\.[0-9a-f]{8}-\\d+-[0-9a-f]{16}\\.tmp$", ".*.tmp");
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS));
                entries.put(name, name.endsWith(".lock") ? mode : mode + " " + Files.readString(entry));
            }
        }
        return entries;
    }
}
