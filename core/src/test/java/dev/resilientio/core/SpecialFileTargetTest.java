package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Targets that are not regular files are refused before any lock is taken: an atomic write would
 * replace a FIFO or a device with a plain file, and reading a FIFO blocks until a writer comes, here
 * while holding the shared lock. A target that does not exist yet is still fine.
 */
class SpecialFileTargetTest {

    /** Only a guard against hanging the build if a FIFO is opened; the refusal takes no wait at all. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = temp.toRealPath();
    }

    @Test
    void readTextOfAFifoIsRefusedWithoutBlockingOrLocking() throws Exception {
        Path fifo = mkfifo(dir.resolve("events.json"));

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> ResilientFiles.readText(fifo))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(fifo + " is a device, FIFO or socket, not a regular file")
                .hasMessageContaining("give the path of a regular file"));

        assertThat(dir.resolve("events.json.lock")).as("lock file: refused before any lock").doesNotExist();
    }

    @Test
    void writesToAFifoAreRefusedAndLeaveItAFifo() throws Exception {
        Path fifo = mkfifo(dir.resolve("events.json"));

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> ResilientFiles.writeText(fifo, "x")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> FileOperation.named("SpecialFileTargetTest.write").write(fifo, new byte[] {'x'}))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> AtomicFileWriter.write(fifo, AtomicDefaults.FSYNC, t -> Files.writeString(t, "x")))
                    .isInstanceOf(AccessDeniedException.class);
        });

        assertThat(attributes(fifo).isOther()).as("still a FIFO").isTrue();
        assertThat(Temps.in(dir)).as("temp files").isEmpty();
        assertThat(dir.resolve("events.json.lock")).doesNotExist();
    }

    @Test
    void aLinkToAFifoIsRefusedAfterResolvingIt() throws Exception {
        Path fifo = mkfifo(dir.resolve("events.fifo"));
        Path link = Files.createSymbolicLink(dir.resolve("events.json"), fifo);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> ResilientFiles.readText(link))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(fifo + " (reached from " + link + ") is a device, FIFO or socket"));

        assertThat(attributes(fifo).isOther()).isTrue();
    }

    @Test
    void readingDevNullIsRefusedAndCreatesNoLockFileInDev() {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "needs /dev/null");
        try {
            assertThatThrownBy(() -> ResilientFiles.readText(devNull)).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("/dev/null is a device, FIFO or socket, not a regular file");
            assertThatThrownBy(() -> FileLocks.lockFileFor(devNull)).isInstanceOf(AccessDeniedException.class);
            assertThat(Path.of("/dev/null.lock")).doesNotExist();
        } finally {
            deleteQuietly(Path.of("/dev/null.lock"));
        }
    }

    @Test
    void writeTextToADeviceIsRefusedAndLeavesTheDevice() throws Exception {
        Assumptions.assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root: makes a character device node (mknod)");
        // A device node of its own, the same device as /dev/null, so that a failure cannot replace the real one.
        Path device = dir.resolve("null");
        RequiredTool.require(Path.of("/usr/bin/mknod"), "coreutils", "to make a device node");
        Assumptions.assumeTrue(run("mknod", device.toString(), "c", "1", "3"), "mknod is not permitted here");

        assertThatThrownBy(() -> ResilientFiles.writeText(device, "x")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(device + " is a device, FIFO or socket, not a regular file");

        assertThat(attributes(device).isOther()).as("still a device").isTrue();
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("settings"));

        assertThatThrownBy(() -> ResilientFiles.writeText(directory, "x")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(directory + " is a directory, not a regular file");
        assertThat(Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aTargetThatDoesNotExistYetIsWritten() throws IOException {
        Path target = dir.resolve("new.json");

        ResilientFiles.writeText(target, "first");

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("first");
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        RequiredTool.require(Path.of("/usr/bin/mkfifo"), "coreutils", "to make a named pipe");
        Assumptions.assumeTrue(run("mkfifo", path.toString()), "mkfifo cannot make a named pipe here");
        assertThat(attributes(path).isOther()).as("%s is a FIFO", path).isTrue();
        return path;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing was created there unless the refusal failed, which the assertions report.
        }
    }
}
