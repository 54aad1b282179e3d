package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update that recovered from a backup writes the new value without rotating: the corrupt main
 * file must never become a backup and push a good one out. Once the main file is valid again,
 * updates rotate as usual.
 */
class CorruptFileUpdateTest {

    private static final String GARBAGE = "value=3, trunc";
    private static final FileOperation DOC = FileOperation.named("CorruptFileUpdateTest.doc");

    @TempDir
    Path temp;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private Path file;
    private Path backup;
    private Path backup1;

    @BeforeEach
    void namePaths() throws IOException {
        Path dir = temp.toRealPath();
        file = dir.resolve("doc.txt");
        backup = dir.resolve("doc.txt.backup");
        backup1 = dir.resolve("doc.txt.backup.1");
    }

    @Test
    void updateOfACorruptFileKeepsItsOnlyBackupValid() throws IOException {
        withBackups(1);
        writeVersions(2);
        Files.writeString(file, GARBAGE);

        Counter updated = update(plusTen());

        assertThat(updated).as("version 1 from the backup, plus 10").isEqualTo(new Counter(11));
        assertThat(parse(file)).isEqualTo(new Counter(11));
        assertThat(parse(backup)).as("the backup, which the corrupt file must not have replaced").isEqualTo(new Counter(1));
    }

    @Test
    void updateOfACorruptFileKeepsEveryBackupValid() throws IOException {
        withBackups(2);
        writeVersions(3);
        Files.writeString(file, GARBAGE);

        Counter updated = update(plusTen());

        assertThat(updated).as("version 2 from the newest backup, plus 10").isEqualTo(new Counter(12));
        assertThat(parse(file)).isEqualTo(new Counter(12));
        assertThat(parse(backup)).as("the newest backup").isEqualTo(new Counter(2));
        assertThat(parse(backup1)).as("the older backup, which rotating the corrupt file would push out")
                .isEqualTo(new Counter(1));
    }

    @Test
    void updateAfterTheRecoveryRotatesAgain() throws IOException {
        withBackups(1);
        writeVersions(2);
        Files.writeString(file, GARBAGE);
        update(plusTen());

        Counter updated = update(plusTen());

        assertThat(updated).isEqualTo(new Counter(21));
        assertThat(parse(file)).isEqualTo(new Counter(21));
        assertThat(parse(backup)).as("the backup, now the recovered update").isEqualTo(new Counter(11));
    }

    private void withBackups(int count) {
        config.set("resilientio.atomic.backups", String.valueOf(count));
    }

    private void writeVersions(int last) throws IOException {
        for (int version = 1; version <= last; version++) {
            DOC.write(file, new Counter(version).bytes());
        }
    }

    private Counter update(UnaryOperator<Counter> change) throws IOException {
        return DOC.update(file, Counter::parse, new Counter(0), change, Counter::bytes);
    }

    /** Reads a copy directly, without recovery, so that a corrupt one fails the test. */
    private static Counter parse(Path copy) throws IOException {
        try (InputStream in = Files.newInputStream(copy)) {
            return Counter.parse(in);
        }
    }

    private static UnaryOperator<Counter> plusTen() {
        return counter -> counter.plus(10);
    }
}
