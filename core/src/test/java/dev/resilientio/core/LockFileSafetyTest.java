package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.LockFileUserMain;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file is opened without following links, only as a regular file with one name, and carries its target's
 * owner and mode, so that nobody who may not access the data can lock it, and root's write of a
 * user's file leaves a lock file the user can still open.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "owners, modes, FIFOs and setpriv are tested on Linux")
class LockFileSafetyTest {

    private static final int NOBODY = UnprivilegedJvm.NOBODY;
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private Path directory;
    private Path target;
    private Path lockFile;

    @BeforeEach
    void createTarget() throws IOException {
        Path real = temp.toRealPath();
        // Others may pass through, so that a child running as nobody reaches the data directory.
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx--x--x"));
        directory = Files.createDirectory(real.resolve("data"));
        target = Files.writeString(directory.resolve("state.json"), "{}");
        lockFile = FileLocks.lockFileFor(target);
    }

    @Test
    void aLinkPlantedAtTheLockFileIsRefusedAndNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectory(temp.toRealPath().resolve("elsewhere"));
        Path chosen = elsewhere.resolve("created-by-the-victim");
        Files.createSymbolicLink(lockFile, chosen);

        Throwable refused = catchThrowable(() -> ResilientFiles.writeText(target, "{\"v\":1}"));

        assertThat(refused).as("a write whose lock file is a planted link").isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(lockFile.toString())
                .hasMessageContaining("symbolic link to " + chosen)
                .hasMessageContaining("owned by uid")
                .hasMessageContaining("Remove it");
        assertThat(refused.getSuppressed()).as("earlier attempts: a permanent error is not retried").isEmpty();
        assertThat(chosen).as("the file the link points to").doesNotExist();
        assertThat(Files.readString(target)).isEqualTo("{}");
    }

    @Test
    void aLinkToAnExistingFileIsNotOpened() throws IOException {
        Path secret = Files.writeString(temp.toRealPath().resolve("secret"), "s");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(lockFile, secret);

        Throwable refused = catchThrowable(() -> FileLocks.acquire(target, LockMode.SHARED, PROMPTLY).close());

        assertThat(refused).isInstanceOf(AccessDeniedException.class).hasMessageContaining("symbolic link to " + secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFifoOrADirectoryAtTheLockFileIsRefusedAtOnce() throws Exception {
        RequiredTool.require(Path.of("/usr/bin/mkfifo"), "coreutils", "to plant a named pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", lockFile.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "needs mkfifo (coreutils) to plant a named pipe");
        for (LockMode mode : LockMode.values()) {
            Throwable refused = catchThrowable(() -> FileLocks.acquire(target, mode, PROMPTLY).close());
            assertThat(refused).as("a %s lock whose lock file is a FIFO", mode).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("named pipe (FIFO), not a regular file");
        }
        Files.delete(lockFile);
        Files.createDirectory(lockFile);
        assertThat(catchThrowable(() -> FileLocks.acquire(target, LockMode.SHARED, PROMPTLY).close()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("directory, not a regular file");
    }

    @Test
    void aLockFileWithASecondNameIsRefusedAndTheLockHeldThroughTheOtherNameIsKept() throws Exception {
        Path other = Files.writeString(directory.resolve("other.json"), "{}");
        Path otherLockFile = FileLocks.lockFileFor(other);
        List<Throwable> refused = new ArrayList<>();
        FileLockHandle held = FileLocks.acquire(other, LockMode.EXCLUSIVE, PROMPTLY);
        try {
            Files.createLink(lockFile, otherLockFile);
            for (LockMode mode : LockMode.values()) {
                refused.add(catchThrowable(() -> FileLocks.acquire(target, mode, Duration.ofMillis(300)).close()));
            }
            refused.add(catchThrowable(() -> ResilientFiles.writeText(target, "{\"v\":1}")));
            FileLocks.closeIdleLockFiles();
            Files.delete(lockFile); // as the refusal advises; the other name is a lock file with one name again

            RunningChild rival = children.start(temp.resolve("rival.log"), HoldLockMain.class, other.toString(),
                    "EXCLUSIVE", "300");
            rival.expectLine("WAITING", CHILD_STARTUP);
            assertThat(rival.nextLine(PROMPTLY)).as("another process asking for the lock this JVM holds on " + other
                    + ", after a lock of " + target + " through a second name of its lock file").isEqualTo("TIMEOUT");
        } finally {
            held.close();
        }
        for (Throwable refusal : refused) {
            assertThat(refusal).as("a lock whose lock file is a second name of another's").isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining(lockFile.toString())
                    .hasMessageContaining("2 hard links")
                    .hasMessageContaining("owned by uid")
                    .hasMessageContaining("remove it while no process uses " + target);
        }
        assertThat(refused.get(refused.size() - 1).getSuppressed()).as("earlier attempts of the write").isEmpty();
        assertThat(Files.readString(target)).isEqualTo("{}");

        ResilientFiles.writeText(target, "{\"v\":2}");
        assertThat(Files.getAttribute(lockFile, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).as("links of the new lock file")
                .isEqualTo(1);
        assertThat(Files.isSameFile(lockFile, otherLockFile)).isFalse();
    }

    @Test
    void aNewLockFileTakesTheTargetsModeWithoutExecuteAndWithOwnerReadWrite() throws IOException {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r-x---"));

        FileLocks.acquire(target, LockMode.SHARED, PROMPTLY).close();

        assertThat(modeOf(lockFile)).isEqualTo("rw-r-----");
    }

    @Test
    void rootsLockFileTakesTheTargetsOwnerAndAWrongExistingOneIsCorrected() throws Exception {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root: gives files to user nobody");
        UnprivilegedJvm.giveToNobody(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));

        ResilientFiles.writeText(target, "{\"by\":\"root\"}");

        assertThat(ownerOf(lockFile)).as("owner of the lock file root created").isEqualTo(NOBODY);
        assertThat(groupOf(lockFile)).as("group of the lock file root created").isEqualTo(NOBODY);
        assertThat(modeOf(lockFile)).isEqualTo("rw-------");

        // A lock file left by an earlier version: root's, 0644. The next open corrects it.
        FileLocks.closeIdleLockFiles();
        Files.setAttribute(lockFile, "unix:uid", 0);
        Files.setAttribute(lockFile, "unix:gid", 0);
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-r--r--"));
        ResilientFiles.writeText(target, "{\"by\":\"root again\"}");
        FileLocks.closeIdleLockFiles();

        assertThat(ownerOf(lockFile)).as("owner of the corrected lock file").isEqualTo(NOBODY);
        assertThat(modeOf(lockFile)).isEqualTo("rw-------");
    }

    @Test
    void theOwnerWritesAgainAfterRootWroteTheirFile() throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        UnprivilegedJvm.giveToNobody(directory);
        UnprivilegedJvm.giveToNobody(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));

        ResilientFiles.writeText(target, "{\"by\":\"root\"}");
        FileLocks.closeIdleLockFiles();
        String said = runAsNobody("WRITE", target.toString(), "{\"by\":\"owner\"}");

        assertThat(said).as("the owner's write after root's").isEqualTo("OK written");
        assertThat(Files.readString(target)).isEqualTo("{\"by\":\"owner\"}");
    }

    @Test
    void theOwnerMeetingALockFileTheyCannotOpenIsToldWhoseItIsAndHowToFixIt() throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        UnprivilegedJvm.giveToNobody(directory);
        UnprivilegedJvm.giveToNobody(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        // As an earlier version running as root left it.
        Files.createFile(lockFile);
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-r--r--"));

        String said = runAsNobody("WRITE", target.toString(), "{\"by\":\"owner\"}");

        assertThat(said).startsWith("FAILED java.nio.file.AccessDeniedException")
                .contains(lockFile.toString())
                .contains("owned by uid 0 (root) with mode 0644")
                .contains("chown " + NOBODY + ":" + NOBODY + " " + lockFile)
                .contains("chmod 0600 " + lockFile);
    }

    @Test
    void someoneWhoMayNotReadTheTargetCannotLockIt() throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        ResilientFiles.writeText(target, "{\"secret\":1}");

        String said = runAsNobody("LOCK", target.toString(), "SHARED", "200");

        assertThat(said).as("a SHARED lock by a user who may not read the 0600 target")
                .startsWith("FAILED java.nio.file.AccessDeniedException");
        assertThat(modeOf(lockFile)).isEqualTo("rw-------");
    }

    private String runAsNobody(String... args) throws Exception {
        Path staging = Files.createDirectory(temp.toRealPath().resolve("classpath-" + System.nanoTime()));
        Path log = temp.toRealPath().resolve("nobody-" + System.nanoTime() + ".log");
        int exit = UnprivilegedJvm.run(staging, directory, log, LockFileUserMain.class, args);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as("exit code of the child as nobody; its output:\n%s", output).isZero();
        return output.lines().filter(line -> line.startsWith("OK") || line.startsWith("FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("the child said nothing useful:\n" + output));
    }

    private static String modeOf(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static int ownerOf(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int groupOf(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }
}
