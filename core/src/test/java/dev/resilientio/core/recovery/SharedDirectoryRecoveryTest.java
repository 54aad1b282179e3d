package dev.resilientio.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a sticky world-writable directory another user can create {@code <name>.backup} as a link to
 * a file of their choosing: {@code @RecoverFromBackup} never hands such a link to the method, and
 * goes on to a backup it may trust.
 */
class SharedDirectoryRecoveryTest {

    /** Another user, by number: root gives files away without the user existing. */
    private static final int OTHER = 4242;

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.named("dev.resilientio.core.pipeline.RecoveryPolicy");

    private final Readers readers = new Readers();
    private Path file;
    private Path backup;
    private Path backup1;
    private Path planted;

    @BeforeEach
    void stickyDirectoryWithACorruptFileAndAPlantedLink() throws IOException {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root: gives the planted link to another uid");
        Path base = temp.toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(base.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        file = Files.write(shared.resolve("notes.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        backup = shared.resolve("notes.txt.backup");
        backup1 = shared.resolve("notes.txt.backup.1");
        planted = Files.writeString(base.resolve("attacker.txt"), "planted content");
        Files.createSymbolicLink(backup, planted);
        Files.setAttribute(backup, "unix:uid", OTHER, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aPlantedLinkIsNotFollowedAndATrustedOlderBackupServes() throws Throwable {
        Files.writeString(backup1, "mine");

        Object read = Woven.call(readers, "readTextRetrying", file.toString());

        assertThat(read).isEqualTo("mine");
        assertThat(readers.given).as("the link is never handed to the method").containsExactly(file, backup1);
        assertThat(recoveryLog.warnings()).hasSize(2);
        assertThat(recoveryLog.warnings().get(0)).contains("skipped " + backup).contains("symbolic link");
        assertThat(recoveryLog.warnings().get(1)).contains("from the backup " + backup1);
    }

    @Test
    void withOnlyAPlantedLinkTheReadFailsAsCorruptNamingTheSkippedLink() throws Throwable {
        Throwable thrown = catchThrowable(() -> Woven.call(readers, "readTextRetrying", file.toString()));

        assertThat(thrown).isInstanceOf(FileCorruptionException.class)
                .hasMessageContaining("no backup it may trust").hasMessageContaining("skipped [" + backup + "]");
        assertThat(thrown.getSuppressed()).singleElement().asString().contains("symbolic link");
        assertThat(readers.given).containsExactly(file);
        assertThat(Files.readString(planted)).isEqualTo("planted content");
    }
}
