package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.Durability;
import dev.resilientio.conformance.fixtures.BackupReader;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.Records;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RecoverFromBackup}: a target cut short, with good backups kept by atomic writes, is read
 * from the newest backup, with one WARN naming it.
 */
class RecoverFromBackupTest {

    private static final AtomicSettings TWO_BACKUPS = new AtomicSettings(2, false, Durability.FSYNC);

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture engineLog = LogCapture.named("dev.resilientio");

    private final BackupReader reader = new BackupReader();
    private Path target;
    private Path backup;

    @BeforeEach
    void tornTargetWithTwoGoodBackups() throws IOException {
        Path dir = temp.toRealPath();
        target = dir.resolve("state.rec");
        backup = dir.resolve("state.rec.backup");
        for (char version : new char[] {'a', 'b', 'c'}) {
            AtomicFileWriter.writeBytes(target, TWO_BACKUPS, Records.file(1000, version));
        }
        // What a writer killed halfway through an in-place write leaves: the length, half the bytes.
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            file.setLength(4 + 500);
        }
    }

    @Test
    void tornTargetIsReadFromTheNewestBackupWithOneWarningNamingIt() throws IOException {
        byte[] read = reader.load(target);

        assertThat(read).as("under %s", WeavingMode.name()).isEqualTo(Records.payload(1000, 'b'));
        assertThat(reader.received).containsExactly(target, backup);
        assertThat(engineLog.warnings()).singleElement().asString()
                .contains(BackupReader.class.getName() + ".load")
                .contains(target + " is corrupt")
                .contains("from the backup " + backup);
        assertThat(Files.size(target)).as("left as it is without restore").isEqualTo(4 + 500);
    }

    @Test
    void restoreAlsoPutsTheBackupBackOverTheTornTarget() throws IOException {
        byte[] read = reader.loadAndRestore(target);

        assertThat(read).as("under %s", WeavingMode.name()).isEqualTo(Records.payload(1000, 'b'));
        assertThat(target).hasBinaryContent(Records.file(1000, 'b'));
        assertThat(backup).hasBinaryContent(Records.file(1000, 'b'));
        assertThat(engineLog.warnings()).singleElement().asString().contains("restored that backup over it");
    }
}
