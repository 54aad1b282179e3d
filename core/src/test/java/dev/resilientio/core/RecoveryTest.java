package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a corrupt file through {@link FileOperation#read} recovers from the newest backup that
 * parses, says so at WARN, and fails with {@link FileCorruptionException}, once and without retry,
 * only when every copy is bad.
 */
class RecoveryTest {

    private static final String GARBAGE = "value=3, trunc";
    private static final FileOperation DOC = FileOperation.named("RecoveryTest.doc");

    @TempDir
    Path temp;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.of(RecoveringReader.class);

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    private Path file;
    private Path backup;
    private Path backup1;

    @BeforeEach
    void writeThreeVersions() throws IOException {
        config.set("resilientio.atomic.backups", "2");
        Path dir = temp.toRealPath();
        file = dir.resolve("doc.txt");
        backup = dir.resolve("doc.txt.backup");
        backup1 = dir.resolve("doc.txt.backup.1");
        for (int version = 1; version <= 3; version++) {
            DOC.write(file, new Counter(version).bytes());
        }
    }

    @Test
    void setUpKeepsTwoBackupsOfTheEarlierVersions() throws IOException {
        assertThat(DOC.read(file, Counter::parse)).isEqualTo(new Counter(3));
        assertThat(Files.readString(backup)).isEqualTo("value=2");
        assertThat(Files.readString(backup1)).isEqualTo("value=1");
        assertThat(recoveryLog.events()).isEmpty();
    }

    @Test
    void corruptFileIsReadFromTheNewestBackupWithAWarning() throws IOException {
        Files.writeString(file, GARBAGE);

        Counter recovered = DOC.read(file, Counter::parse);

        assertThat(recovered).isEqualTo(new Counter(2));
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains(file.toString())
                .contains(backup.toString())
                .doesNotContain(backup1.toString());
    }

    @Test
    void corruptNewestBackupFallsBackToTheNextOne() throws IOException {
        Files.writeString(file, GARBAGE);
        Files.writeString(backup, "not a counter at all");

        Counter recovered = DOC.read(file, Counter::parse);

        assertThat(recovered).isEqualTo(new Counter(1));
        assertThat(recoveryLog.warnings()).singleElement().asString().contains(backup1.toString());
    }

    @Test
    void everyCopyCorruptFailsOnceWithFileCorruption() throws IOException {
        Files.writeString(file, GARBAGE);
        Files.writeString(backup, "");
        Files.writeString(backup1, "null");

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> DOC.read(file, Counter::parse));

        assertThat(failure).isNotNull();
        assertThat(failure.file()).isEqualTo(file);
        assertThat(failure.triedBackups()).containsExactly(backup, backup1);
        assertThat(failure.getMessage()).contains(file.toString(), backup.toString(), backup1.toString());
        assertThat(failure.getCause()).as("the main file's own parse failure").isNotNull()
                .isNotInstanceOf(FileCorruptionException.class);
        assertThat(failure.getSuppressed()).as("the backups' failures").hasSize(2);
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).isFalse();
        assertThat(retryLog.warnings()).as("retry WARN lines: the corruption must not be retried").isEmpty();
        assertThat(recoveryLog.warnings()).isEmpty();
    }

    @Test
    void updateOfACorruptFileContinuesFromTheBackup() throws IOException {
        Files.writeString(file, GARBAGE);

        Counter updated = DOC.update(file, Counter::parse, new Counter(0), counter -> counter.plus(10), Counter::bytes);

        assertThat(updated).isEqualTo(new Counter(12));
        assertThat(DOC.read(file, Counter::parse)).isEqualTo(new Counter(12));
        assertThat(recoveryLog.warnings()).isNotEmpty().allSatisfy(message -> assertThat(message).contains(backup.toString()));
    }
}
