package dev.resilientio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.TempCreatingChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next write to a target removes what crashed writers left beside it, judged by the process id
 * in the name: a temp with this JVM's own id that predates this JVM (a restarted container often
 * gets the same id) is stale, one written since is this JVM's own live temp; a staged backup of a
 * dead process ({@code .<name>.backup.<token>.tmp}) is a leftover too.
 */
class StaleTempOwnerTest {

    private static final Duration CHILD_RUN = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    /** Each test has its own directory, so its target has not been scanned yet by this JVM. */
    private Path target;

    @BeforeEach
    void existingTarget() throws IOException {
        target = Files.writeString(temp.toRealPath().resolve("state.json"), "old");
    }

    @Test
    void tempWithOurPidOlderThanThisJvmIsRemovedAndARecentOneKept() throws IOException {
        Optional<Instant> jvmStart = ProcessHandle.current().info().startInstant();
        Assumptions.assumeTrue(jvmStart.isPresent(), "Skipped: the OS does not report this JVM's start time");
        Path predatesJvm = TempFiles.create(target);
        Files.setLastModifiedTime(predatesJvm, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Path recent = TempFiles.create(target);
        assertThat(predatesJvm.getFileName().toString()).as("name of the old temp")
                .contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(Files.getLastModifiedTime(predatesJvm).toInstant()).isBefore(jvmStart.get());

        ResilientFiles.writeText(target, "new");

        assertThat(predatesJvm).as("temp with our pid written before this JVM started").doesNotExist();
        assertThat(recent).as("temp with our pid written by this JVM").exists();
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void stagedBackupOfADeadProcessIsRemovedAndOurOwnKept() throws Exception {
        Path newestBackup = Backups.backup(target, 0);
        Path leftover;
        long childPid;
        try (RunningChild child = RunningChild.start(temp.resolve("child.log"), TempCreatingChild.class,
                newestBackup.toString())) {
            // The child names its file as Backups.rotate stages one: TempFiles' name for the backup path.
            String printed = child.nextLine(CHILD_RUN);
            assertThat(printed).as("path the child printed").isNotNull();
            assertThat(child.awaitExit(CHILD_RUN)).as("exit code of the child").isZero();
            leftover = Path.of(printed);
            childPid = child.process().pid();
        }
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).as("child process %d alive", childPid)
                .isNotEqualTo(Optional.of(true));
        assertThat(leftover).exists().hasParent(target.getParent());
        assertThat(leftover.getFileName().toString())
                .matches("\\.state\\.json\\.backup\\.[0-9a-f]{8}-" + childPid + "-[0-9a-f]{16}\\.tmp");
        // A staged backup is a hard link: it carries the target's (here old) modification time.
        Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Path ours = Files.createLink(TempFiles.reserveStagedBackupName(target), target);

        ResilientFiles.writeText(target, "new");

        assertThat(leftover).as("staged backup of the dead child").doesNotExist();
        assertThat(ours).as("staged backup named with this live JVM's pid").exists();
        assertThat(Files.readString(target)).isEqualTo("new");
    }
}
