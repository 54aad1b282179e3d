package dev.resilientio.core;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.ThrowawayUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Root writes a file in a directory another user owns, and that user swaps the temp for a link to a
 * root-only file (or another file) between the create and the commit. The commit must not give that
 * file the target's mode nor rename the link over the target: it refuses, naming what it found, and
 * leaves the foreign file alone. The user's swap runs as a real process with the user's uid; a body
 * that swaps its own temp stands for the attacker where only the rename check is at stake.
 */
class TempSwapTest {

    private static final String SECRET = "root only";
    private static ThrowawayUser user;

    @TempDir
    Path temp;

    private Path secret;
    private Path home;
    private Path target;

    @BeforeAll
    static void createUser() throws Exception {
        user = ThrowawayUser.create();
    }

    @AfterAll
    static void deleteUser() throws IOException {
        if (user != null) {
            user.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Path base = temp.toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path vault = Files.createDirectory(base.resolve("vault"));
        secret = Files.writeString(vault.resolve("shadow"), SECRET);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        home = Files.createDirectory(base.resolve("home"));
        user.give(home);
        // Root's file in the user's directory; read-only, so the commit changes the temp's mode (0644 -> 0444).
        target = Files.writeString(home.resolve("state.json"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
    }

    @Test
    void aLinkSwappedInBetweenBeginAndCommitIsNeitherChmoddedNorRenamed() throws Exception {
        AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC);
        Path tempFile = session.temp();
        Files.writeString(tempFile, "new");

        user.sh("rm -f '" + tempFile + "' && ln -s '" + secret + "' '" + tempFile + "'");

        assertThat(Files.isSymbolicLink(tempFile)).as("the user swapped the temp for a link").isTrue();
        assertThatThrownBy(session::commit).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(tempFile + " holds a symbolic link")
                .hasMessageContaining("it was left as it is")
                .hasMessageContaining("directory only trusted users can write");
        session.close();

        assertSecretUntouched();
        assertTargetUntouched();
        assertThat(Files.readSymbolicLink(tempFile)).as("the user's link is left alone").isEqualTo(secret);
    }

    @Test
    void anotherUsersFileSwappedInIsRefused() throws Exception {
        AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC);
        Path tempFile = session.temp();

        user.sh("rm -f '" + tempFile + "' && echo evil > '" + tempFile + "'");

        assertThatThrownBy(session::commit).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("a file of another user (uid " + user.uid() + ")");
        session.close();

        assertTargetUntouched();
        assertThat(Files.readString(tempFile)).as("the user's file is left alone").isEqualTo("evil\n");
    }

    @Test
    void aHardLinkToARootFileSwappedInIsRefused() throws Exception {
        AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC);
        Path tempFile = session.temp();
        // protected_hardlinks stops the user from linking root's file; where it is off, they could.
        Files.delete(tempFile);
        Files.createLink(tempFile, secret);

        assertThatThrownBy(session::commit).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("a file with 2 names (a hard link)");
        session.close();

        assertSecretUntouched();
        assertTargetUntouched();
        Files.delete(tempFile);
    }

    @Test
    void aBodyThatSwapsItsTempForALinkIsRefusedAtTheRename() throws Exception {
        assertThatThrownBy(() -> AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile ->
                user.shUnchecked("rm -f '" + tempFile + "' && ln -s '" + secret + "' '" + tempFile + "'")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("holds a symbolic link");

        assertSecretUntouched();
        assertTargetUntouched();
    }

    @Test
    void aBodysOwnNewFileInPlaceOfTheTempIsAccepted() throws Exception {
        AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> {
            Path own = Files.writeString(home.resolve("draft.json"), "from the body");
            Files.move(own, tempFile, StandardCopyOption.REPLACE_EXISTING);
        });

        assertThat(Files.readString(target)).isEqualTo("from the body");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }

    private void assertSecretUntouched() throws IOException {
        assertThat(Files.readString(secret, StandardCharsets.UTF_8)).as("root's file").isEqualTo(SECRET);
        assertThat(Files.getPosixFilePermissions(secret)).as("root's file's mode")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    private void assertTargetUntouched() throws IOException {
        assertThat(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)).as("the target is still a regular file, not a link")
                .isTrue();
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }
}
