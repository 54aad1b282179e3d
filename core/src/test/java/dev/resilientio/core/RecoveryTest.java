package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a corrupt JSON file recovers from the newest backup that parses, says so at WARN, and
 * fails with {@link FileCorruptionException}, once and without retry, only when every copy is bad.
 */
class RecoveryTest {

    private static final String GARBAGE = "{\"version\": 3, trunc";

    /** A versioned JSON document. */
    public record Doc(int version) {
    }

    @TempDir
    Path temp;

    private Path file;
    private Path backup;
    private Path backup1;
    private final ResilientJson json = new ResilientJson(JsonMapper.builder().build(),
            ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_BACKUPS", "2"), Map.of()));

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.of(RecoveringReader.class);

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @BeforeEach
    void writeThreeVersions() throws IOException {
        Path dir = temp.toRealPath();
        file = dir.resolve("doc.json");
        backup = dir.resolve("doc.json.backup");
        backup1 = dir.resolve("doc.json.backup.1");
        for (int version = 1; version <= 3; version++) {
            json.writeJson(file, new Doc(version));
        }
    }

    @Test
    void setUpKeepsTwoBackupsOfTheEarlierVersions() throws IOException {
        assertThat(json.readJson(file, Doc.class)).isEqualTo(new Doc(3));
        assertThat(Files.readString(backup)).isEqualTo("{\"version\":2}");
        assertThat(Files.readString(backup1)).isEqualTo("{\"version\":1}");
        assertThat(recoveryLog.events()).isEmpty();
    }

    @Test
    void corruptFileIsReadFromTheNewestBackupWithAWarning() throws IOException {
        Files.writeString(file, GARBAGE);

        Doc recovered = json.readJson(file, Doc.class);

        assertThat(recovered).isEqualTo(new Doc(2));
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains(file.toString())
                .contains(backup.toString())
                .doesNotContain(backup1.toString());
    }

    @Test
    void corruptNewestBackupFallsBackToTheNextOne() throws IOException {
        Files.writeString(file, GARBAGE);
        Files.writeString(backup, "not json at all");

        Doc recovered = json.readJson(file, Doc.class);

        assertThat(recovered).isEqualTo(new Doc(1));
        assertThat(recoveryLog.warnings()).singleElement().asString().contains(backup1.toString());
    }

    @Test
    void everyCopyCorruptFailsOnceWithFileCorruption() throws IOException {
        Files.writeString(file, GARBAGE);
        Files.writeString(backup, "");
        Files.writeString(backup1, "null");

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> json.readJson(file, Doc.class));

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
    void missingFileGivesTheDefault() throws IOException {
        Doc fallback = new Doc(-1);

        Doc read = json.readJson(file.resolveSibling("absent.json"), Doc.class, fallback);

        assertThat(read).isSameAs(fallback);
    }

    @Test
    void updateOfACorruptFileContinuesFromTheBackup() throws IOException {
        Files.writeString(file, GARBAGE);

        Doc updated = json.updateJson(file, Doc.class, new Doc(0), doc -> new Doc(doc.version() + 10));

        assertThat(updated).isEqualTo(new Doc(12));
        assertThat(json.readJson(file, Doc.class)).isEqualTo(new Doc(12));
        assertThat(recoveryLog.warnings()).isNotEmpty().allSatisfy(message -> assertThat(message).contains(backup.toString()));
    }
}
