package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import dev.resilientio.core.atomic.FailedContent;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.testsupport.KeepFailedChild;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.TmpfsMount;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import dev.resilientio.core.testsupport.Listing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery files against another user who may write in a shared directory: the files are owner-only
 * whatever the target's mode, a recovery directory planted as a link or open to others is refused,
 * and a file, directory or link planted at a recovery file's name never costs the content.
 */
class RecoveryFileAttackTest {

    /** Another user, by number: root gives files away without the user existing. */
    private static final int OTHER = 4242;
    private static final String OWNER_ONLY = "rw-------";

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture keepLog = LogCapture.of(FailedContent.class);

    private Path dir;

    @BeforeEach
    void realDirectory() throws IOException {
        dir = temp.toRealPath();
    }

    @Test
    void theRenamedTempOfAWorldReadableTargetIsKeptOwnerOnly() throws IOException {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        blockCommit(target);

        IOException failure = catchThrowableOfType(IOException.class,
                () -> operation(null).write(target, bytes("secret content")));

        Path kept = RecoveryFileNotice.in(failure).orElseThrow().file();
        assertThat(kept).isEqualTo(dir.resolve("tasks.json.failed"));
        assertThat(Files.readString(kept)).isEqualTo("secret content");
        assertThat(mode(kept)).as("the temp had the target's mode 0644").isEqualTo(OWNER_ONLY);
        assertThat(mode(Path.of(kept + ".json"))).isEqualTo(OWNER_ONLY);
        assertThat(Files.readString(target)).isEqualTo("old");
    }

    @Test
    void aRecoveryDirPlantedAsALinkIsRefusedAndNothingIsWrittenThrough() throws IOException {
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path recoveryDir = Files.createSymbolicLink(dir.resolve("recovery"), theirs);
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        blockCommit(target);

        IOException failure = catchThrowableOfType(IOException.class,
                () -> operation(recoveryDir).write(target, bytes("secret content")));

        assertThat(RecoveryFileNotice.in(failure)).isEmpty();
        assertThat(failure.getSuppressed()).anySatisfy(refused -> assertThat(refused.getMessage())
                .contains("the recovery directory " + recoveryDir).contains("a symbolic link (to " + theirs)
                .contains("mkdir -m 700 " + recoveryDir).contains("RESILIENT_IO_ATOMIC_RECOVERY_DIR"));
        assertThat(Listing.names(theirs)).as("nothing written through the link").isEmpty();
        assertThat(keepLog.events()).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("is lost").contains("only this process's user may write");
        });
        assertThat(Listing.names(dir)).as("the temp is not left behind").containsExactlyInAnyOrder("theirs", "recovery",
                "tasks.json", "tasks.json.lock", "tasks.json.backup");
    }

    @Test
    void aRecoveryDirOthersMayWriteIsRefusedUnlessSticky() throws IOException {
        Path recoveryDir = Files.createDirectory(dir.resolve("recovery"));
        Files.setPosixFilePermissions(recoveryDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        blockCommit(target);

        IOException refused = catchThrowableOfType(IOException.class,
                () -> operation(recoveryDir).write(target, bytes("first")));
        Files.setAttribute(recoveryDir, "unix:mode", 01777);
        IOException kept = catchThrowableOfType(IOException.class,
                () -> operation(recoveryDir).write(target, bytes("second")));

        assertThat(RecoveryFileNotice.in(refused)).isEmpty();
        assertThat(refused.getSuppressed()).anySatisfy(e -> assertThat(e.getMessage())
                .contains("mode 0777").contains("without the sticky bit").contains("chmod 700 " + recoveryDir));
        Path file = RecoveryFileNotice.in(kept).orElseThrow().file();
        assertThat(file.getParent()).isEqualTo(recoveryDir);
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(mode(file)).isEqualTo(OWNER_ONLY);
    }

    @Test
    void aRecoveryDirOfAnotherUserIsRefused() throws IOException {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "Skipped: needs root, to give the recovery directory to another uid");
        Path recoveryDir = Files.createDirectory(dir.resolve("recovery"));
        Files.setAttribute(recoveryDir, "unix:uid", OTHER);
        Files.setPosixFilePermissions(recoveryDir, PosixFilePermissions.fromString("rwx------"));
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        blockCommit(target);

        IOException failure = catchThrowableOfType(IOException.class,
                () -> operation(recoveryDir).write(target, bytes("secret content")));

        assertThat(RecoveryFileNotice.in(failure)).isEmpty();
        assertThat(failure.getSuppressed()).anySatisfy(e -> assertThat(e.getMessage())
                .contains("owned by uid " + OTHER).contains("chown 0 " + recoveryDir));
        assertThat(Listing.names(recoveryDir)).isEmpty();
    }

    /** Copied, not renamed, to a recovery directory on another file system (a tmpfs holds the target). */
    @Nested
    class OnAnotherFileSystem {

        @RegisterExtension
        final TmpfsMount disk = TmpfsMount.perTest("4m");

        @Test
        void theCopyIsOwnerOnlyToo() throws IOException {
            Path target = Files.writeString(disk.path().resolve("tasks.json"), "old");
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            blockCommit(target);
            Path recoveryDir = dir.resolve("recovery");

            IOException failure = catchThrowableOfType(IOException.class,
                    () -> operation(recoveryDir).write(target, bytes("secret content")));

            Path kept = RecoveryFileNotice.in(failure).orElseThrow().file();
            assertThat(kept.getParent()).isEqualTo(recoveryDir);
            assertThat(Files.readString(kept)).isEqualTo("secret content");
            assertThat(mode(kept)).isEqualTo(OWNER_ONLY);
            assertThat(mode(Path.of(kept + ".json"))).isEqualTo(OWNER_ONLY);
            assertThat(mode(recoveryDir)).isEqualTo("rwx------");
        }
    }

    /**
     * In a sticky world-writable directory, the writer runs as nobody and another uid has planted
     * something at a recovery file's name: the writer may neither move nor delete it (EPERM).
     */
    @Nested
    class PlantedInAStickyDirectory {

        private Path shared;
        private Path target;
        private Path failed;

        @BeforeEach
        void stickyDirectory() throws IOException {
            UnprivilegedJvm.unavailableBecause().ifPresent(why -> assumeTrue(false, "Skipped: " + why));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            shared = Files.createDirectory(dir.resolve("shared"));
            Files.setAttribute(shared, "unix:mode", 01777);
            target = Files.writeString(shared.resolve("tasks.json"), "old");
            UnprivilegedJvm.giveToNobody(target);
            blockCommit(target);
            UnprivilegedJvm.giveToNobody(Path.of(target + ".backup"));
            UnprivilegedJvm.giveToNobody(Path.of(target + ".backup", "inside"));
            failed = shared.resolve("tasks.json.failed");
        }

        @Test
        void aPlantedFileIsSkippedAndTheContentKeptAtTheNextName() throws Exception {
            Path planted = plant(Files.writeString(failed, "planted"));

            Path kept = runAsNobody("new content");

            assertThat(kept).isEqualTo(shared.resolve("tasks.json.failed.1"));
            assertKept(kept, "new content");
            assertThat(Files.readString(planted)).isEqualTo("planted");
        }

        @Test
        void aPlantedLinkIsSkippedAndWhatItPointsToUntouched() throws Exception {
            Path pointed = Files.writeString(dir.resolve("pointed"), "pointed to");
            plant(Files.createSymbolicLink(failed, pointed));

            Path kept = runAsNobody("new content");

            assertThat(kept).isEqualTo(shared.resolve("tasks.json.failed.1"));
            assertKept(kept, "new content");
            assertThat(Files.readSymbolicLink(failed)).isEqualTo(pointed);
            assertThat(Files.readString(pointed)).isEqualTo("pointed to");
        }

        @Test
        void aPlantedDirectoryAtTheDescriptionsNameIsSkipped() throws Exception {
            plant(Files.createDirectory(shared.resolve("tasks.json.failed.json")));

            Path kept = runAsNobody("new content");

            assertThat(kept).isEqualTo(shared.resolve("tasks.json.failed.1"));
            assertKept(kept, "new content");
            assertThat(Files.isDirectory(shared.resolve("tasks.json.failed.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        }

        @Test
        void aPlantedOldestNameIsSkippedAndTheOldestOwnFileDropped() throws Exception {
            for (int n = 0; n <= 8; n++) {
                Path own = Files.writeString(shared.resolve("tasks.json.failed" + (n == 0 ? "" : "." + n)), "own " + n);
                UnprivilegedJvm.giveToNobody(own);
            }
            Path planted = plant(Files.writeString(shared.resolve("tasks.json.failed.9"), "planted"));

            Path kept = runAsNobody("new content");

            assertThat(kept).isEqualTo(failed);
            assertKept(kept, "new content");
            for (int n = 1; n <= 8; n++) {
                assertThat(Files.readString(shared.resolve("tasks.json.failed." + n))).isEqualTo("own " + (n - 1));
            }
            assertThat(Files.readString(planted)).isEqualTo("planted");
        }

        @Test
        void withEveryNamePlantedTheStagedFileIsKeptAndNamed() throws Exception {
            for (int n = 0; n <= 9; n++) {
                plant(Files.writeString(shared.resolve("tasks.json.failed" + (n == 0 ? "" : "." + n)), "planted " + n));
            }

            Path kept = runAsNobody("new content");

            assertThat(kept.getParent()).isEqualTo(shared);
            assertThat(kept.getFileName().toString()).matches("\\.tasks\\.json\\.failed\\.[0-9a-f]{16}\\.part");
            assertThat(Files.readString(kept)).isEqualTo("new content");
            assertThat(mode(kept)).isEqualTo(OWNER_ONLY);
            assertThat(Files.readString(dir.resolve("child.log"))).contains("every name for the recovery file of " + target);
        }

        private Path plant(Path path) throws IOException {
            Files.setAttribute(path, "unix:uid", OTHER, LinkOption.NOFOLLOW_LINKS);
            return path;
        }

        private void assertKept(Path kept, String content) throws IOException {
            assertThat(Files.readString(kept)).isEqualTo(content);
            assertThat(Files.getAttribute(kept, "unix:uid")).isEqualTo(UnprivilegedJvm.NOBODY);
            assertThat(mode(kept)).isEqualTo(OWNER_ONLY);
            assertThat(Files.readString(Path.of(kept + ".json"))).contains("\"size\": " + content.length());
            assertThat(Files.readString(target)).isEqualTo("old");
        }

        /** Runs the failing write as nobody and returns the recovery file its failure names. */
        private Path runAsNobody(String content) throws Exception {
            Path log = dir.resolve("child.log");
            int exit = UnprivilegedJvm.run(Files.createDirectory(dir.resolve("classpath")), shared, log,
                    KeepFailedChild.class, target.toString(), content);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exit).as(output).isZero();
            List<String> notices = output.lines().filter(line -> line.startsWith("NOTICE ")).toList();
            assertThat(notices).as(output).hasSize(1);
            return Path.of(notices.get(0).substring("NOTICE ".length()));
        }
    }

    /** Renaming the target's backup over a non-empty directory fails (EISDIR): a deterministic commit failure. */
    private static void blockCommit(Path target) throws IOException {
        Path backup = Files.createDirectory(Path.of(target + ".backup"));
        Files.writeString(backup.resolve("inside"), "x");
    }

    private static FileOperation operation(Path recoveryDir) {
        Map<String, String> properties = new HashMap<>();
        properties.put("resilientio.atomic.keep-failed", "true");
        properties.put("resilientio.atomic.backups", "1");
        if (recoveryDir != null) {
            properties.put("resilientio.atomic.recovery-dir", recoveryDir.toString());
        }
        return FileOperation.named("RecoveryFileAttackTest.write", ResilientIoConfig.from(Map.of(), properties));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
