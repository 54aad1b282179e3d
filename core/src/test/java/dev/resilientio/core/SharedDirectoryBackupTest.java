package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.LockFileUserMain;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user can create any name in a sticky world-writable directory (a {@code /tmp}-like
 * {@code 1777} directory owned by root), {@code x.json.backup} included. Recovery of a corrupt
 * {@code x.json} must not take such a file, or a link, for the file's own backup: it is skipped with
 * a WARN naming it and its owner, and a backup of the file's owner or of this process's user is still
 * recovered from. A write that meets another user's name there is told why the kernel refused it.
 */
class SharedDirectoryBackupTest {

    /** Another user, by number: root gives files away without the user existing. */
    private static final int OTHER = 4242;
    private static final String GARBAGE = "value=3, trunc";
    private static final FileOperation DOC = FileOperation.named("SharedDirectoryBackupTest.doc");

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.of(RecoveringReader.class);

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private Path shared;
    private Path file;
    private Path backup;
    private Path backup1;

    @BeforeEach
    void stickyDirectoryWithACorruptFile() throws IOException {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root: gives a planted backup to another uid");
        config.set("resilientio.atomic.backups", "2");
        Path base = temp.toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        shared = Files.createDirectory(base.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        file = Files.writeString(shared.resolve("x.json"), GARBAGE);
        backup = shared.resolve("x.json.backup");
        backup1 = shared.resolve("x.json.backup.1");
    }

    @Test
    void anotherUsersBackupIsNotTakenForTheFilesContent() throws IOException {
        plantedBy(OTHER, Files.writeString(backup, "value=666"));

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> DOC.read(file, Counter::parse));

        assertThat(failure).as("the planted backup is not recovered from").isNotNull();
        assertThat(failure.triedBackups()).isEmpty();
        assertThat(failure.getMessage()).contains("no backup it may trust").contains("skipped [" + backup + "]");
        assertThat(failure.getSuppressed()).singleElement().asString()
                .contains(backup.toString()).contains("owned by uid " + OTHER);
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains(file.toString())
                .contains("skipped " + backup)
                .contains("owned by uid " + OTHER)
                .contains("another user may have put it there");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).isFalse();
    }

    @Test
    void aTrustedOlderBackupIsRecoveredFromPastAnotherUsersNewerOne() throws IOException {
        plantedBy(OTHER, Files.writeString(backup, "value=666"));
        Files.writeString(backup1, "value=1");

        Counter recovered = DOC.read(file, Counter::parse);

        assertThat(recovered).isEqualTo(new Counter(1));
        assertThat(recoveryLog.warnings()).hasSize(2);
        assertThat(recoveryLog.warnings().get(0)).contains("skipped " + backup).contains("owned by uid " + OTHER);
        assertThat(recoveryLog.warnings().get(1)).contains("recovered its content from the backup " + backup1);
    }

    @Test
    void aBackupOfTheCallersUserIsRecoveredFrom() throws IOException {
        Files.writeString(backup, "value=2");

        assertThat(DOC.read(file, Counter::parse)).isEqualTo(new Counter(2));
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains("recovered its content from the backup " + backup);
    }

    @Test
    void anotherMembersBackupIsRecoveredFromInAGroupDirectoryThatIsNotSticky() throws IOException {
        // A setgid 2775 team directory: a hard-linked backup keeps the member who wrote before as its owner,
        // and whoever could plant a name here could rename over the file itself.
        Files.setAttribute(shared, "unix:mode", 02775);
        plantedBy(OTHER, Files.writeString(backup, "value=2"));

        assertThat(DOC.read(file, Counter::parse)).as("another member's backup").isEqualTo(new Counter(2));
    }

    @Test
    void aBackupOfTheFilesOwnerIsRecoveredFrom() throws IOException {
        plantedBy(OTHER, file);
        plantedBy(OTHER, Files.writeString(backup, "value=2"));

        assertThat(DOC.read(file, Counter::parse)).as("the file's owner's backup").isEqualTo(new Counter(2));
    }

    @Test
    void aLinkAtABackupsNameIsNotFollowedWhoeverOwnsIt() throws IOException {
        Path vault = Files.createDirectory(temp.toRealPath().resolve("vault"));
        Path secret = Files.writeString(vault.resolve("secret.json"), "value=42");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        plantedBy(OTHER, Files.createSymbolicLink(backup, secret));
        // Even this process's own link: a backup is a regular file, never a link to one.
        Files.createSymbolicLink(backup1, secret);

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> DOC.read(file, Counter::parse));

        assertThat(failure).as("root's file is not read through the links").isNotNull();
        assertThat(failure.getMessage()).contains("skipped [" + backup + ", " + backup1 + "]");
        assertThat(recoveryLog.warnings()).hasSize(2).allSatisfy(warning -> assertThat(warning)
                .contains("is a symbolic link (to " + secret + ")").contains("not a regular file"));
        assertThat(recoveryLog.warnings().get(0)).contains("owned by uid " + OTHER);
    }

    @Test
    void aDanglingLinkAtABackupsNameIsSkippedToo() throws IOException {
        plantedBy(OTHER, Files.createSymbolicLink(backup, shared.resolve("not-yet.json")));
        Files.writeString(backup1, "value=1");

        assertThat(DOC.read(file, Counter::parse)).isEqualTo(new Counter(1));
        assertThat(recoveryLog.warnings().get(0)).contains("skipped " + backup).contains("symbolic link");
    }

    @Test
    void replacingAnotherUsersFileInAStickyDirectorySaysWhoseItIs() throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        Path theirs = plantedBy(OTHER, Files.writeString(shared.resolve("theirs.json"), "{}"));
        // Anyone may write its content; the sticky bit keeps anyone but its owner from replacing the name.
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-rw-rw-"));

        String said = runAsNobody("WRITE", theirs.toString(), "{\"by\":\"nobody\"}");

        assertThat(said).startsWith("FAILED java.nio.file.FileSystemException")
                .contains("Operation not permitted")
                .contains(shared + " is a sticky directory (mode 1777)")
                .contains(theirs + " (owned by uid " + OTHER + ") is another user's")
                .contains("only its owner may replace or remove it; remove it as that user or root, or write elsewhere")
                .contains("chattr -i");
        assertThat(Files.readString(theirs)).isEqualTo("{}");
    }

    /** A file or link as if {@code uid} had made it: created by root, then given to that user without following it. */
    private static Path plantedBy(int uid, Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        return path;
    }

    private String runAsNobody(String... args) throws Exception {
        Path staging = Files.createDirectory(temp.toRealPath().resolve("classpath-" + System.nanoTime()));
        Path log = temp.toRealPath().resolve("nobody-" + System.nanoTime() + ".log");
        int exit = UnprivilegedJvm.run(staging, shared, log, LockFileUserMain.class, args);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as("exit code of the child as nobody; its output:\n%s", output).isZero();
        return output.lines().filter(line -> line.startsWith("OK") || line.startsWith("FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("the child said nothing useful:\n" + output));
    }
}
