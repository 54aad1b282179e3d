package dev.resilientio.core;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.testsupport.AtomicDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A target that did not exist gets what a plain create gives (0666 less the umask), not the 0600
 * of the temp it was written through.
 */
class NewFilePermissionsTest {

    private static final Set<PosixFilePermission> TEMP_MODE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path temp;

    private Set<PosixFilePermission> plainCreate;

    @BeforeEach
    void findWhatAPlainCreateGives() throws IOException {
        plainCreate = Files.getPosixFilePermissions(Files.createFile(temp.resolve("scratch")));
        // Under umask 077 a plain create is 0600 too, and these tests could not tell the two apart.
        assumeFalse(plainCreate.equals(TEMP_MODE),
                "Skipped: the umask makes a plain create 0600, the temp's own mode");
    }

    @Test
    void writeTextGivesANewTargetThePermissionsOfAPlainCreate() throws IOException {
        Path target = temp.resolve("new.txt");

        ResilientFiles.writeText(target, "content");

        assertThat(Files.readString(target)).isEqualTo("content");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(plainCreate);
    }

    @Test
    void writeBytesGivesANewTargetThePermissionsOfAPlainCreate() throws IOException {
        Path target = temp.resolve("new.bin");

        AtomicFileWriter.writeBytes(target, AtomicDefaults.FSYNC, "content".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(target)).isEqualTo("content");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(plainCreate);
    }

    @Test
    void callbackWriteGivesANewTargetThePermissionsOfAPlainCreate() throws IOException {
        Path target = temp.resolve("new.dat");

        AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> Files.writeString(tempFile, "content"));

        assertThat(Files.readString(target)).isEqualTo("content");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(plainCreate);
    }
}
