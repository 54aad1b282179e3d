package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.TmpfsMount;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readers work on a read-only mount: the lock file a writer left there is opened read-only for the
 * shared lock, and a file without one is read with the lock of this JVM only. A writer there fails
 * at once, saying why. Needs root to mount a tmpfs and remount it read-only.
 */
class ReadOnlyMountReadTest {

    public record Doc(String name, int version) {
    }

    private static final Doc WRITTEN = new Doc("settings", 7);

    @RegisterExtension
    final TmpfsMount disk = TmpfsMount.perTest("1m");

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @Test
    void readJsonReadsAFileWhoseLockFileIsOnAReadOnlyMount() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file the writer left").exists();
        disk.remountReadOnly();

        Doc read = ResilientFiles.readJson(file, Doc.class);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(ResilientFiles.readText(file)).contains("\"settings\"");
    }

    @Test
    void readJsonReadsAFileWithoutLockFileOnAReadOnlyMount() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        Files.delete(FileLocks.lockFileFor(file));
        disk.remountReadOnly();

        Doc read = ResilientFiles.readJson(file, Doc.class);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file, which nobody can create there").doesNotExist();
    }

    @Test
    void writeJsonOnAReadOnlyMountFailsOnceSayingWhy() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.json");
        ResilientFiles.writeJson(file, WRITTEN);
        disk.remountReadOnly();

        FileSystemException failure = catchThrowableOfType(FileSystemException.class,
                () -> ResilientFiles.writeJson(file, new Doc("changed", 8)));

        assertThat(failure).as("writeJson on a read-only mount").isNotNull();
        assertThat(failure.getMessage())
                .containsIgnoringCase("read-only file system")
                .contains("of " + file)
                .contains("lift the restriction");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).as("transient?").isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.warnings()).as("retry WARN lines").isEmpty();
        assertThat(ResilientFiles.readJson(file, Doc.class)).isEqualTo(WRITTEN);
    }
}
