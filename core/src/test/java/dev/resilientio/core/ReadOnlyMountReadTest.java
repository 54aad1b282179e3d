package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.TmpfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private static final FileOperation SETTINGS = FileOperation.named("ReadOnlyMountReadTest.settings");
    private static final String WRITTEN = "settings 7";

    @RegisterExtension
    final TmpfsMount disk = TmpfsMount.perTest("1m");

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @Test
    void aParsedReadReadsAFileWhoseLockFileIsOnAReadOnlyMount() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.txt");
        write(file, WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file the writer left").exists();
        disk.remountReadOnly();

        String read = read(file);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(ResilientFiles.readText(file)).contains("settings");
    }

    @Test
    void aParsedReadReadsAFileWithoutLockFileOnAReadOnlyMount() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.txt");
        write(file, WRITTEN);
        Files.delete(FileLocks.lockFileFor(file));
        disk.remountReadOnly();

        String read = read(file);

        assertThat(read).isEqualTo(WRITTEN);
        assertThat(FileLocks.lockFileFor(file)).as("lock file, which nobody can create there").doesNotExist();
    }

    @Test
    void aWriteOnAReadOnlyMountFailsOnceSayingWhy() throws IOException, InterruptedException {
        Path file = disk.path().resolve("settings.txt");
        write(file, WRITTEN);
        disk.remountReadOnly();

        FileSystemException failure = catchThrowableOfType(FileSystemException.class,
                () -> write(file, "changed 8"));

        assertThat(failure).as("a write on a read-only mount").isNotNull();
        assertThat(failure.getMessage())
                .containsIgnoringCase("read-only file system")
                .contains("of " + file)
                .contains("lift the restriction");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).as("transient?").isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.warnings()).as("retry WARN lines").isEmpty();
        assertThat(read(file)).isEqualTo(WRITTEN);
    }

    private static void write(Path file, String text) throws IOException {
        SETTINGS.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path file) throws IOException {
        return SETTINGS.read(file, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
}
