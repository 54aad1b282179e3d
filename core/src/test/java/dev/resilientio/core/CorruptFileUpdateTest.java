package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * An update that recovered from a backup writes the new value without rotating: the corrupt main
 * file must never become a backup and push a good one out. Once the main file is valid again,
 * updates rotate as usual.
 */
class CorruptFileUpdateTest {

    private static final String GARBAGE = "{\"version\": 3, trunc";

    /** A versioned JSON document. */
    public record Doc(int version) {
    }

    private final JsonMapper mapper = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private Path file;
    private Path backup;
    private Path backup1;

    @BeforeEach
    void namePaths() throws IOException {
        Path dir = temp.toRealPath();
        file = dir.resolve("doc.json");
        backup = dir.resolve("doc.json.backup");
        backup1 = dir.resolve("doc.json.backup.1");
    }

    @Test
    void updateOfACorruptFileKeepsItsOnlyBackupValid() throws IOException {
        ResilientJson json = withBackups(1);
        writeVersions(json, 2);
        Files.writeString(file, GARBAGE);

        Doc updated = json.updateJson(file, Doc.class, new Doc(0), plusTen());

        assertThat(updated).as("version 1 from the backup, plus 10").isEqualTo(new Doc(11));
        assertThat(parse(file)).isEqualTo(new Doc(11));
        assertThat(parse(backup)).as("the backup, which the corrupt file must not have replaced").isEqualTo(new Doc(1));
    }

    @Test
    void updateOfACorruptFileKeepsEveryBackupValid() throws IOException {
        ResilientJson json = withBackups(2);
        writeVersions(json, 3);
        Files.writeString(file, GARBAGE);

        Doc updated = json.updateJson(file, Doc.class, new Doc(0), plusTen());

        assertThat(updated).as("version 2 from the newest backup, plus 10").isEqualTo(new Doc(12));
        assertThat(parse(file)).isEqualTo(new Doc(12));
        assertThat(parse(backup)).as("the newest backup").isEqualTo(new Doc(2));
        assertThat(parse(backup1)).as("the older backup, which rotating the corrupt file would push out")
                .isEqualTo(new Doc(1));
    }

    @Test
    void updateAfterTheRecoveryRotatesAgain() throws IOException {
        ResilientJson json = withBackups(1);
        writeVersions(json, 2);
        Files.writeString(file, GARBAGE);
        json.updateJson(file, Doc.class, new Doc(0), plusTen());

        Doc updated = json.updateJson(file, Doc.class, new Doc(0), plusTen());

        assertThat(updated).isEqualTo(new Doc(21));
        assertThat(parse(file)).isEqualTo(new Doc(21));
        assertThat(parse(backup)).as("the backup, now the recovered update").isEqualTo(new Doc(11));
    }

    private ResilientJson withBackups(int count) {
        return new ResilientJson(mapper,
                ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_BACKUPS", String.valueOf(count)), Map.of()));
    }

    private void writeVersions(ResilientJson json, int last) throws IOException {
        for (int version = 1; version <= last; version++) {
            json.writeJson(file, new Doc(version));
        }
    }

    /** Reads a copy directly, without recovery, so that a corrupt one fails the test. */
    private Doc parse(Path copy) throws IOException {
        return mapper.readValue(Files.readAllBytes(copy), Doc.class);
    }

    private static UnaryOperator<Doc> plusTen() {
        return doc -> new Doc(doc.version() + 10);
    }
}
