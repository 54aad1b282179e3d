package dev.resilientio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner, group and mode read with one stat and compared by number; a POSIX-only file system through its principals. */
class OwnerGroupModeTest {

    @TempDir
    Path temp;

    @Test
    void readsTheNumericIdsAndOnlyThePermissionBits() throws IOException {
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        OwnerGroupMode read = OwnerGroupMode.read(file);

        assertThat(read.owner()).isEqualTo(Files.getAttribute(file, "unix:uid"));
        assertThat(read.group()).isEqualTo(Files.getAttribute(file, "unix:gid"));
        assertThat(read.mode()).as("mode without the file type bits").isEqualTo(0640);
    }

    @Test
    void filesOfOneOwnerCompareEqualAndAnotherModeDoesNotMatter() throws IOException {
        Path first = Files.writeString(temp.resolve("first.txt"), "x");
        Path second = Files.writeString(temp.resolve("second.txt"), "y");
        Files.setPosixFilePermissions(second, PosixFilePermissions.fromString("r--------"));

        OwnerGroupMode one = OwnerGroupMode.read(first);
        OwnerGroupMode other = OwnerGroupMode.read(second);

        assertThat(one.sameOwner(other)).isTrue();
        assertThat(one.sameGroup(other)).isTrue();
        assertThat(one.mode()).isNotEqualTo(other.mode());
    }

    @Test
    void missingFileIsReportedAsMissing() {
        assertThatThrownBy(() -> OwnerGroupMode.read(temp.resolve("absent.txt"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void setModeWithoutFollowingLinksLeavesTheFileALinkPointsTo() throws IOException {
        Path file = Files.writeString(temp.resolve("real.txt"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(temp.resolve("link.txt"), file);

        assertThatThrownBy(() -> OwnerGroupMode.setMode(link, 0600, LinkOption.NOFOLLOW_LINKS)).isInstanceOf(IOException.class);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void setModeGivesExactlyTheBits() throws IOException {
        Path file = Files.writeString(temp.resolve("mode.txt"), "x");

        OwnerGroupMode.setMode(file, 0461);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("r--rw---x"));
    }

    @Test
    void posixOnlyFileSystemIsReadAndChangedThroughItsPermissions() throws IOException {
        Path zip = temp.resolve("posix.zip");
        try (FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            assertThat(zipFs.supportedFileAttributeViews()).contains("posix").doesNotContain("unix");
            Path first = Files.writeString(zipFs.getPath("/first.txt"), "x");
            Path second = Files.writeString(zipFs.getPath("/second.txt"), "y");

            OwnerGroupMode.setMode(first, 0754);
            // The zip file system has no lookup service; it keeps whatever principals it is given.
            UserPrincipal someoneElse = () -> "someone-else";
            GroupPrincipal anotherGroup = () -> "another-group";
            Files.setOwner(second, someoneElse);
            Files.getFileAttributeView(second, PosixFileAttributeView.class).setGroup(anotherGroup);
            OwnerGroupMode read = OwnerGroupMode.read(first);
            assertThat(OwnerGroupMode.read(second).sameOwner(read)).as("owners before giving").isFalse();
            assertThat(OwnerGroupMode.read(second).sameGroup(read)).as("groups before giving").isFalse();
            read.giveGroupTo(second);
            read.giveOwnerTo(second);

            assertThat(OwnerGroupMode.supported(first)).isTrue();
            assertThat(Files.getPosixFilePermissions(first)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr--"));
            assertThat(read.mode()).isEqualTo(0754);
            assertThat(read.owner()).isEqualTo(Files.getOwner(first));
            OwnerGroupMode other = OwnerGroupMode.read(second);
            assertThat(other.sameOwner(read)).isTrue();
            assertThat(other.sameGroup(read)).isTrue();
        }
    }

    @Test
    void fileSystemWithoutPosixPermissionsIsNotSupported() throws IOException {
        Path zip = temp.resolve("plain.zip");
        try (FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            assertThat(OwnerGroupMode.supported(zipFs.getPath("/any.txt"))).isFalse();
        }
    }
}
