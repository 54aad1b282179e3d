package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullDiskDemoTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void addOnAFullDiskFailsWithEnospcAndKeepsItsListInARecoveryFile() throws Exception {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "Skipped: needs root to mount a tmpfs");

        FullDiskDemo.Result result = FullDiskDemo.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));

        assumeTrue(result.skipped() == null, () -> "Skipped: " + result.skipped());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(result.failure()).isNotNull();
        assertThat(result.failure().getMessage()).contains("No space left on device", "tasks.json",
                result.recoveryFile().toString());
        assertThat(result.originalIntact()).isTrue();
        assertThat(result.tempsLeft()).isEmpty();
        Path recoveryDir = dir.resolve("recovery").toRealPath();
        assertThat(result.recoveryFile().getParent()).isEqualTo(recoveryDir);
        assertThat(result.recoveryFile().getFileName().toString()).matches("tasks\\.json\\.[0-9a-f]{16}\\.failed");
        assertThat(result.kept()).extracting(Task::title)
                .containsExactly("back up the photos", "pay the rent", "book the dentist", "renew the passport");
        assertThat(result.errno()).isEqualTo("ENOSPC");
        assertThat(result.ok()).isTrue();
        Path description = result.recoveryFile().resolveSibling(result.recoveryFile().getFileName() + ".json");
        assertThat(Files.readString(description))
                .contains("\"operation\": \"FullDiskDemo.addTask\"", "\"attempts\": 1");
        assertThat(printed).contains("tasks.json: intact, 3 tasks", "temp files left on the disk: none",
                "\"errno\": \"ENOSPC\"", "the exception's message names it: true");
        // Unmounted whatever happened: nothing of the demo is left in the mount table.
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(dir.toRealPath().toString());
    }

    @Test
    void withoutRootItSaysSkippedAndTheCommandStillPasses() throws Exception {
        int exit;
        String printed;
        if (UnprivilegedJvm.runsAsRoot()) {
            Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
            assumeTrue(unavailable.isEmpty(), () -> "Skipped: " + unavailable.orElse(""));
            // nobody must pass through the temp directory to reach the copied class path.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path log = dir.resolve("child.log");
            Path work = Files.createDirectory(dir.resolve("work"));
            UnprivilegedJvm.giveToNobody(work);
            exit = UnprivilegedJvm.run(Files.createDirectory(dir.resolve("staging")), work, log, TaskApp.class,
                    "full-disk-demo");
            printed = Files.readString(log, StandardCharsets.UTF_8);
        } else {
            exit = TaskApp.run(new String[] {"full-disk-demo"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            printed = out.toString(StandardCharsets.UTF_8);
        }

        assertThat(exit).as(printed).isZero();
        assertThat(printed).containsPattern("skipped: needs root to mount a tmpfs \\(running as \\S+\\)")
                .contains("verdict: SKIPPED - not run, so not counted as a failure")
                .doesNotContain("recovery file:");
    }
}
