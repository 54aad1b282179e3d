package dev.resilientio.core;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.atomic.TempCreatingChild;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The atomic writer on real files: permissions, symlinks, failures, sessions, backups and leftover temps. */
class AtomicWriteFilesTest {

    private static final Set<PosixFilePermission> RW_R_____ = PosixFilePermissions.fromString("rw-r-----");

    @TempDir
    Path temp;

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        // Temps are scanned once per target per 10 s in a JVM: every test uses its own directory and names.
        dir = temp.toRealPath();
    }

    @Nested
    class Permissions {

        @Test
        void writeTextKeepsTheTargetsMode() throws IOException {
            Path target = existing("mode-text.txt", "old");
            Files.setPosixFilePermissions(target, RW_R_____);

            ResilientFiles.writeText(target, "new");

            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(RW_R_____);
            assertThat(Files.readString(target)).isEqualTo("new");
        }

        @Test
        void callbackWriteKeepsTheTargetsModeAndTheTempHasItBeforeAnyContent() throws IOException {
            Path target = existing("mode-callback.txt", "old");
            Files.setPosixFilePermissions(target, RW_R_____);
            AtomicReference<Set<PosixFilePermission>> tempMode = new AtomicReference<>();

            AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> {
                tempMode.set(Files.getPosixFilePermissions(tempFile));
                Files.writeString(tempFile, "new");
            });

            assertThat(tempMode.get()).isEqualTo(RW_R_____);
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(RW_R_____);
            assertThat(Files.readString(target)).isEqualTo("new");
        }
        @Test
        void ownerAndGroupAreKeptWhereThisProcessMayGiveThem() throws IOException {
            Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file away");
            Path target = existing("owned.txt", "old");
            UserPrincipalLookupService users = target.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal nobody = users.lookupPrincipalByName("nobody");
            GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            view.setOwner(nobody);
            view.setGroup(nogroup);

            ResilientFiles.writeText(target, "new");

            PosixFileAttributes after = Files.readAttributes(target, PosixFileAttributes.class);
            assertThat(after.owner()).isEqualTo(nobody);
            assertThat(after.group()).isEqualTo(nogroup);
            assertThat(Files.readString(target)).isEqualTo("new");
        }
    }

    @Nested
    class Symlinks {

        @Test
        void absoluteLinkIsKeptAndItsFileReplaced() throws IOException {
            Path real = existing("real-abs.txt", "old");
            Path link = Files.createSymbolicLink(dir.resolve("link-abs.txt"), real);

            ResilientFiles.writeText(link, "new");

            assertLinkKept(link, real, "new");
            assertThat(Temps.in(dir)).isEmpty();
        }

        @Test
        void relativeLinkIsKeptAndItsFileReplaced() throws IOException {
            Path real = existing("real-rel.txt", "old");
            Path link = Files.createSymbolicLink(dir.resolve("link-rel.txt"), Path.of("real-rel.txt"));

            AtomicFileWriter.write(link, AtomicDefaults.FSYNC, tempFile -> Files.writeString(tempFile, "new"));

            assertLinkKept(link, Path.of("real-rel.txt"), "new");
            assertThat(Files.readString(real)).isEqualTo("new");
            assertThat(Temps.in(dir)).isEmpty();
        }

        @Test
        void linkIntoAnotherDirectoryReplacesTheFileThere() throws IOException {
            Path links = Files.createDirectory(dir.resolve("links"));
            Path data = Files.createDirectory(dir.resolve("data"));
            Path real = Files.writeString(data.resolve("real-other.txt"), "old");
            Path link = Files.createSymbolicLink(links.resolve("link-other.txt"), Path.of("../data/real-other.txt"));

            ResilientFiles.writeText(link, "new");

            assertLinkKept(link, Path.of("../data/real-other.txt"), "new");
            assertThat(Files.readString(real)).isEqualTo("new");
            assertThat(Temps.in(links)).isEmpty();
            assertThat(Temps.in(data)).isEmpty();
        }

        private void assertLinkKept(Path link, Path linkText, String content) throws IOException {
            assertThat(Files.isSymbolicLink(link)).as("%s is still a symlink", link).isTrue();
            assertThat(Files.readSymbolicLink(link)).isEqualTo(linkText);
            assertThat(Files.readString(link)).isEqualTo(content);
        }
    }

    @Nested
    class FailedWrites {

        @Test
        void callbackIoExceptionLeavesTargetAndPropagatesSameInstance() throws IOException {
            assertFailingCallbackLeavesNoTrace("fail-io.txt", new IOException("callback failed"));
        }

        @Test
        void callbackRuntimeExceptionLeavesTargetAndPropagatesSameInstance() throws IOException {
            assertFailingCallbackLeavesNoTrace("fail-runtime.txt", new IllegalStateException("callback bug"));
        }

        private void assertFailingCallbackLeavesNoTrace(String name, Exception failure) throws IOException {
            Path target = existing(name, "old");

            assertThatThrownBy(() -> AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> {
                Files.writeString(tempFile, "half-written");
                if (failure instanceof IOException) {
                    throw (IOException) failure;
                }
                throw (RuntimeException) failure;
            })).isSameAs(failure);

            assertThat(Files.readString(target)).isEqualTo("old");
            assertThat(Temps.in(dir)).isEmpty();
        }
    }

    @Nested
    class Sessions {

        @Test
        void closeWithoutCommitRemovesTheTempAndKeepsTheTarget() throws IOException {
            Path target = existing("session-close.txt", "old");
            Path tempFile;

            try (AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC)) {
                tempFile = session.temp();
                Files.writeString(tempFile, "abandoned");
                assertThat(tempFile).exists();
            }

            assertThat(tempFile).doesNotExist();
            assertThat(Files.readString(target)).isEqualTo("old");
            assertThat(Temps.in(dir)).isEmpty();
        }

        @Test
        void secondCommitIsRejected() throws IOException {
            Path target = existing("session-twice.txt", "old");

            try (AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC)) {
                Files.writeString(session.temp(), "new");
                session.commit();

                assertThatThrownBy(session::commit)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(target.toString());
            }
            assertThat(Files.readString(target)).isEqualTo("new");
            assertThat(Temps.in(dir)).isEmpty();
        }

        @Test
        void commitAfterCloseIsRejectedAndTargetKept() throws IOException {
            Path target = existing("session-closed.txt", "old");
            AtomicWriteSession session = AtomicFileWriter.begin(target, AtomicDefaults.FSYNC);
            Files.writeString(session.temp(), "new");
            session.close();

            assertThatThrownBy(session::commit).isInstanceOf(IllegalStateException.class);
            assertThat(Files.readString(target)).isEqualTo("old");
        }

        @Test
        void copyExistingStartsTheTempWithTheCurrentContent() throws IOException {
            Path target = existing("append.log", "line 1\n");
            AtomicSettings appending = new AtomicSettings(0, true, Durability.FSYNC);
            AtomicReference<String> tempAtStart = new AtomicReference<>();

            AtomicFileWriter.write(target, appending, tempFile -> {
                tempAtStart.set(Files.readString(tempFile));
                Files.writeString(tempFile, "line 2\n", StandardOpenOption.APPEND);
            });

            assertThat(tempAtStart.get()).isEqualTo("line 1\n");
            assertThat(Files.readString(target)).isEqualTo("line 1\nline 2\n");
        }
    }

    @Nested
    class Backups {

        @Test
        void keepsTheNewestThreeVersionsAsRotatingBackups() throws IOException {
            Path target = dir.resolve("versions.txt");
            AtomicSettings threeBackups = new AtomicSettings(3, false, Durability.FSYNC);

            for (int version = 1; version <= 5; version++) {
                AtomicFileWriter.writeBytes(target, threeBackups, ("version " + version).getBytes(StandardCharsets.UTF_8));
            }

            assertThat(Files.readString(target)).isEqualTo("version 5");
            assertThat(Files.readString(dir.resolve("versions.txt.backup"))).isEqualTo("version 4");
            assertThat(Files.readString(dir.resolve("versions.txt.backup.1"))).isEqualTo("version 3");
            assertThat(Files.readString(dir.resolve("versions.txt.backup.2"))).isEqualTo("version 2");
            assertThat(dir.resolve("versions.txt.backup.3")).doesNotExist();
            assertThat(Temps.in(dir)).isEmpty();
        }
    }

    @Nested
    class LeftoverTemps {

        @Test
        void tempOfADeadProcessIsRemovedByTheNextWrite() throws Exception {
            Path target = existing("stale-dead.json", "old");
            Process child = new ProcessBuilder(ChildJvm.command(TempCreatingChild.class, target.toString()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
                    .start();
            String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            assertThat(child.exitValue()).isZero();
            Path leftover = Path.of(printed);
            assertThat(leftover).exists().hasParent(dir);
            assertThat(leftover.getFileName().toString()).contains("-" + child.pid() + "-");
            assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive)).as("child process %d gone", child.pid())
                    .isNotEqualTo(Optional.of(true));

            ResilientFiles.writeText(target, "new");

            assertThat(leftover).doesNotExist();
            assertThat(Files.readString(target)).isEqualTo("new");
            assertThat(Temps.in(dir)).isEmpty();
        }

        // Which temps are a live write's (by the lock file's LIVE byte, not by process id or age):
        // internal.StaleTempOwnerTest.
    }

    private Path existing(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
