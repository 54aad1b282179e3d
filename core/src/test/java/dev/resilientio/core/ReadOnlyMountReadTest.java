package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Readers work on a read-only mount: the lock file a writer left there is opened read-only for the
 * shared lock, and a file without one is read with the lock of this JVM only. A writer there fails
 * at once, saying why. Needs root to mount a tmpfs and remount it read-only.
 */
class ReadOnlyMountReadTest {

    public record Doc(String name, int version) {
    }

    private static final Doc WRITTEN = new Doc("settings", 7);

    @TempDir
    Path temp;

    private Path mountPoint;
    private boolean mounted;
    private final ListAppender<ILoggingEvent> retryLog = new ListAppender<>();
    private Logger retryLogger;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "Skipped: needs root to mount a tmpfs and remount it read-only");
        mountPoint = Files.createDirectory(temp.resolve("disk")).toRealPath();
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(mounted, () -> "Skipped: cannot mount a tmpfs on " + mountPoint + ": " + mountLog());
        retryLogger = (Logger) LoggerFactory.getLogger(FileRetry.class);
        retryLog.start();
        retryLogger.addAppender(retryLog);
    }

    @AfterEach
    void unmount() throws Exception {
        if (retryLogger != null) {
            retryLogger.detachAppender(retryLog);
        }
        if (mounted) {
            assertThat(run("umount", mountPoint.toString())).as("umount %s: %s", mountPoint, mountLog()).isTrue();
        }
    }

    @Test
    void readJsonReadsAFileWhoseLockFileIsOnAReadOnlyMount() throws IOException {
        Path file = mountPoint.resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file the writer left").exists();
        remountReadOnly();

        Doc read = ResilientFiles.readJson(file, Doc.class);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(ResilientFiles.readText(file)).contains("\"settings\"");
    }

    @Test
    void readJsonReadsAFileWithoutLockFileOnAReadOnlyMount() throws IOException {
        Path file = mountPoint.resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        Files.delete(FileLocks.lockFileFor(file));
        remountReadOnly();

        Doc read = ResilientFiles.readJson(file, Doc.class);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file, which nobody can create there").doesNotExist();
    }

    @Test
    void writeJsonOnAReadOnlyMountFailsOnceSayingWhy() throws IOException {
        Path file = mountPoint.resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        remountReadOnly();

        FileSystemException failure = catchThrowableOfType(FileSystemException.class,
                () -> ResilientFiles.writeJson(file, new Doc("changed", 8)));

        assertThat(failure).as("writeJson on a read-only mount").isNotNull();
        assertThat(failure.getMessage())
                .containsIgnoringCase("read-only file system")
                .contains("of " + file)
                .contains("lift the restriction");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).as("transient?").isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .as("retry WARN lines")
                .isEmpty();
        assertThat(ResilientFiles.readJson(file, Doc.class)).isEqualTo(WRITTEN);
    }

    private void remountReadOnly() {
        boolean remounted = false;
        try {
            remounted = run("mount", "-o", "remount,ro", mountPoint.toString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("remount of " + mountPoint + " failed: " + e, e);
        }
        assertThat(remounted).as("remount read-only of %s: %s", mountPoint, mountLog()).isTrue();
        assertThat(Files.isWritable(mountPoint)).as("mount point writable after the remount").isFalse();
    }

    private boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("mount.log").toFile()))
                .start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    private String mountLog() {
        try {
            return Files.readString(temp.resolve("mount.log")).strip();
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
