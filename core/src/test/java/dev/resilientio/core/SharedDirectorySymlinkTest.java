package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.testsupport.ThrowawayUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user plants a symlink in a sticky world-writable directory (a {@code /tmp}-like
 * {@code 1777} directory owned by root) pointing at a root-only file: a write or read through it must
 * be refused, as the kernel's {@code protected_symlinks} would refuse it, even with that setting off
 * (the test turns it off and restores it). Links the kernel would follow, those of the caller or of
 * the directory's owner, are still followed, keeping the link and replacing what it points to.
 */
class SharedDirectorySymlinkTest {

    private static final Path PROTECTED_SYMLINKS = Path.of("/proc/sys/fs/protected_symlinks");
    private static final String SECRET = "{\"owner\":\"root\"}";
    private static final FileOperation PARSED_READ = FileOperation.named("SharedDirectorySymlinkTest.read");

    private static ThrowawayUser user;
    private static String sysctlBefore;

    @TempDir
    Path temp;

    private Path vault;
    private Path secret;
    private Path shared;

    @BeforeAll
    static void createUserAndTurnOffTheKernelsProtection() throws Exception {
        user = ThrowawayUser.create();
        String before = Files.readString(PROTECTED_SYMLINKS).strip();
        try {
            // The rule must hold whatever the machine says; with it off, only the library protects.
            Files.writeString(PROTECTED_SYMLINKS, "0");
            sysctlBefore = before;
        } catch (IOException readOnly) {
            Assumptions.assumeTrue(false, "needs root with a writable /proc/sys to turn fs.protected_symlinks off: " + readOnly);
        }
    }

    @AfterAll
    static void restore() throws Exception {
        try {
            if (sysctlBefore != null) {
                Files.writeString(PROTECTED_SYMLINKS, sysctlBefore);
            }
        } finally {
            if (user != null) {
                user.close();
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Path base = temp.toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        vault = Files.createDirectory(base.resolve("vault"));
        secret = Files.writeString(vault.resolve("secret.json"), SECRET);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        shared = Files.createDirectory(base.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(shared, "unix:mode", 01777);
    }

    @Test
    void writeTextThroughAnotherUsersLinkIsRefusedAndTheRootFileUnchanged() throws Exception {
        Path link = plantedBy(user.uid(), shared.resolve("report.json"), secret);
        assertThat(Files.readString(link)).as("the kernel itself follows the link: its protection is off").isEqualTo(SECRET);

        assertThatThrownBy(() -> ResilientFiles.writeText(link, "{\"owner\":\"attacker\"}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("owned by uid " + user.uid())
                .hasMessageContaining("sticky world-writable directory " + shared)
                .hasMessageContaining("Use a path without that link");

        assertSecretUntouched();
        assertThat(Files.readSymbolicLink(link)).as("the link is left as it is").isEqualTo(secret);
        assertThat(shared.resolve("report.json.lock")).as("lock file: refused before any lock").doesNotExist();
        assertThat(vault.resolve("secret.json.lock")).doesNotExist();
    }

    @Test
    void readTextAndAParsedReadThroughAnotherUsersLinkAreRefused() throws Exception {
        Path link = plantedBy(user.uid(), shared.resolve("report.json"), secret);

        assertThatThrownBy(() -> ResilientFiles.readText(link)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + link);
        assertThatThrownBy(() -> PARSED_READ.read(link, InputStream::readAllBytes)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + link);
        assertSecretUntouched();
    }

    @Test
    void anotherUsersLinkToADirectoryOnTheWayIsRefused() throws Exception {
        Path directoryLink = plantedBy(user.uid(), shared.resolve("reports"), vault);

        assertThatThrownBy(() -> ResilientFiles.writeText(directoryLink.resolve("secret.json"), "{}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + directoryLink)
                .hasMessageContaining("on the way to " + directoryLink.resolve("secret.json"));
        assertSecretUntouched();
    }

    @Test
    void anotherUsersLinkLeftAtARenamedDirectorysNameBetweenTwoCallsIsRefusedAsTheFirstTime() throws Exception {
        Path reports = Files.createDirectory(shared.resolve("reports"));
        user.give(reports);
        Path report = reports.resolve("report.json");
        ResilientFiles.writeText(report, "{\"n\":1}");
        // A read after the write: the directory's real path is now cached as it is, lock file and all.
        assertThat(ResilientFiles.readText(report)).isEqualTo("{\"n\":1}");

        // The user renames their directory and leaves a link at its old name: the same directory, by a link
        // the kernel's rule would not follow for this process.
        Path renamed = Files.move(reports, shared.resolve("reports-renamed"));
        Path link = plantedBy(user.uid(), reports, renamed);

        assertThatThrownBy(() -> ResilientFiles.writeText(report, "{\"n\":2}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + link);
        assertThatThrownBy(() -> TargetPaths.resolve(report)).isInstanceOf(AccessDeniedException.class);
        assertThat(Files.readString(renamed.resolve("report.json"))).isEqualTo("{\"n\":1}");
    }

    @Test
    void anotherUsersLinkReachedThroughTheCallersDirectoryLinkIsRefused() throws Exception {
        // mine/d is the caller's own link, in a directory only root writes; it leads to another
        // user's link in the shared directory, which leads to the vault.
        Path mine = Files.createDirectory(temp.toRealPath().resolve("mine"));
        Path evil = plantedBy(user.uid(), shared.resolve("evil"), vault);
        Path through = Files.createSymbolicLink(mine.resolve("d"), evil);
        Path target = through.resolve("secret.json");
        assertThat(target.toRealPath()).as("toRealPath alone follows the chain").isEqualTo(secret);

        assertThatThrownBy(() -> TargetPaths.resolve(target)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + evil)
                .hasMessageContaining("on the way to " + target)
                .hasMessageContaining("owned by uid " + user.uid())
                .hasMessageContaining("sticky world-writable directory " + shared);
        assertThatThrownBy(() -> TargetPaths.resolve(evil.resolve("secret.json")))
                .as("the same link named directly").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> ResilientFiles.writeText(target, "{\"owner\":\"attacker\"}"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + evil);
        assertThatThrownBy(() -> ResilientFiles.readText(target)).isInstanceOf(AccessDeniedException.class);
        // Relative, and after a .. taken where the kernel takes it: still the same link.
        Path relative = Files.createSymbolicLink(mine.resolve("r"), Path.of("d/../evil"));
        assertThatThrownBy(() -> TargetPaths.resolve(relative.resolve("secret.json")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + evil);
        Path fileLink = Files.createSymbolicLink(mine.resolve("report.json"), Path.of("d/secret.json"));
        assertThatThrownBy(() -> ResilientFiles.writeText(fileLink, "{}")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("refused to follow the symbolic link " + evil);

        assertSecretUntouched();
        assertThat(vault.resolve("secret.json.lock")).as("refused before any lock").doesNotExist();
        assertThat(mine.resolve("d/secret.json.lock")).doesNotExist();
    }

    @Test
    void aChainOfLinksTheKernelWouldFollowIsFollowed() throws Exception {
        Path mine = Files.createDirectory(temp.toRealPath().resolve("mine"));
        Path data = Files.writeString(vault.resolve("data.json"), "old");
        Path ours = plantedBy(0, shared.resolve("ours"), vault);
        Path through = Files.createSymbolicLink(mine.resolve("d"), ours);

        ResilientFiles.writeText(through.resolve("data.json"), "new");

        assertThat(TargetPaths.resolve(through.resolve("data.json"))).isEqualTo(data);
        assertThat(Files.readString(data)).isEqualTo("new");
        assertSecretUntouched();
    }

    @Test
    void aLinkOwnedByTheCallerIsFollowedAndKept() throws Exception {
        Path mine = Files.writeString(vault.resolve("mine.json"), "old");
        Path link = plantedBy(0, shared.resolve("mine.json"), mine);

        ResilientFiles.writeText(link, "new");

        assertThat(Files.isSymbolicLink(link)).as("the link stays").isTrue();
        assertThat(Files.readString(mine)).isEqualTo("new");
        assertThat(ResilientFiles.readText(link)).isEqualTo("new");
        assertSecretUntouched();
    }

    @Test
    void aLinkOwnedByTheDirectorysOwnerIsFollowedAndKept() throws Exception {
        Path theirs = Files.createDirectory(temp.toRealPath().resolve("theirs"));
        Files.setAttribute(theirs, "unix:mode", 01777);
        user.give(theirs);
        Path data = Files.writeString(vault.resolve("data.json"), "old");
        Path link = plantedBy(user.uid(), theirs.resolve("data.json"), data);

        ResilientFiles.writeText(link, "new");

        assertThat(Files.isSymbolicLink(link)).as("the link stays").isTrue();
        assertThat(Files.readString(data)).isEqualTo("new");
    }

    /** A link as if {@code uid} had made it: created by root, then given to that user without following it. */
    private static Path plantedBy(int uid, Path link, Path to) throws IOException {
        Files.createSymbolicLink(link, to);
        Files.setAttribute(link, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(uid);
        return link;
    }

    private void assertSecretUntouched() throws IOException {
        assertThat(Files.readString(secret, StandardCharsets.UTF_8)).as("root's file").isEqualTo(SECRET);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(0);
    }
}
