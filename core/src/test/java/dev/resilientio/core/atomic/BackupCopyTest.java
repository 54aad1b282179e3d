package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.testsupport.ThrowawayUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy a backup falls back to where hard links fail: as root, it gets the target's owner, group
 * and mode (not root's), through the file its exclusive create made, and it never copies a link
 * planted in the target's place.
 */
class BackupCopyTest {

    private static ThrowawayUser user;

    @TempDir
    Path temp;

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
        home = Files.createDirectory(base.resolve("home"));
        user.give(home);
        target = Files.writeString(home.resolve("state.json"), "current");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        user.give(target);
    }

    @Test
    void rootsCopyGetsTheTargetsOwnerGroupAndMode() throws IOException {
        Path staged = TempFiles.reserveStagedBackupName(target);

        Backups.copyInto(target, staged, true);

        assertThat(Files.readString(staged)).isEqualTo("current");
        assertThat(Files.getAttribute(staged, "unix:uid")).as("owner").isEqualTo(user.uid());
        assertThat(Files.getAttribute(staged, "unix:gid")).as("group").isEqualTo(user.gid());
        assertThat(Files.getPosixFilePermissions(staged)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void aLinkInTheTargetsPlaceIsNotCopied() throws Exception {
        Path secret = Files.writeString(temp.toRealPath().resolve("shadow"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        user.sh("rm -f '" + target + "' && ln -s '" + secret + "' '" + target + "'");
        Path staged = TempFiles.reserveStagedBackupName(target);

        assertThatThrownBy(() -> Backups.copyInto(target, staged, true)).isInstanceOf(IOException.class)
                .hasMessageContaining("NOFOLLOW_LINKS");

        assertThat(staged).as("no copy of root's file").doesNotExist();
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
