package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lowering the number of backups prunes the ones beyond the new count at the next write: recovery
 * looks at every backup that exists, so an old one left behind could come back, however stale.
 */
class LoweredBackupCountTest {

    @TempDir
    Path temp;

    @Test
    void writeWithOneBackupAfterWritesWithThreePrunesTheOlderBackups() throws IOException {
        Path target = temp.toRealPath().resolve("settings.txt");
        AtomicSettings threeBackups = new AtomicSettings(3, false, Durability.FSYNC);
        for (int version = 1; version <= 5; version++) {
            AtomicFileWriter.writeBytes(target, threeBackups, bytes("version " + version));
        }
        assertThat(namesIn(temp)).as("files after five writes keeping three backups")
                .contains("settings.txt.backup", "settings.txt.backup.1", "settings.txt.backup.2");

        AtomicFileWriter.writeBytes(target, new AtomicSettings(1, false, Durability.FSYNC), bytes("version 6"));

        // The lock file is where every atomic write marks itself live (for leftover-temp cleanup).
        assertThat(namesIn(temp)).as("files after a write keeping one backup")
                .containsExactlyInAnyOrder("settings.txt", "settings.txt.backup", "settings.txt.lock");
        assertThat(Files.readString(target)).isEqualTo("version 6");
        assertThat(Files.readString(temp.resolve("settings.txt.backup"))).isEqualTo("version 5");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
