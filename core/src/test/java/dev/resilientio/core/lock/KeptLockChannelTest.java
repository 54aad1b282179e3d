package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.RunningChild;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock registry keeps a lock file's channel open after its last holder, and trusts it again only
 * while the lock file on disk is still the file it has open. The channel is reached by reflection,
 * since no API hands it out.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reads /proc/self/fd; channels are kept open on POSIX systems")
class KeptLockChannelTest {

    private static final Duration SHORT_WAIT = Duration.ofMillis(300);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path target;
    private Path lockFile;

    @BeforeEach
    void createTarget() throws IOException {
        target = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
        lockFile = FileLocks.lockFileFor(target);
    }

    @Test
    void aLockTakenAgainReusesTheOpenChannelAndStillExcludesOtherProcesses() throws Exception {
        // The lock file's first lock creates it, and a created file is opened once more before it is trusted.
        lockAndRelease();
        FileChannel first;
        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            first = channelOf(handle);
        }
        assertThat(first.isOpen()).as("the lock file's channel after its last holder released it").isTrue();

        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(channelOf(handle)).as("the channel of the second lock").isSameAs(first);
            expectChildTimesOut();
        }
    }

    @Test
    void aDeletedLockFileIsLockedAfreshNotThroughTheOldChannel() throws Exception {
        lockAndRelease();
        Files.delete(lockFile);

        try (RunningChild holder = holdInChild()) {
            assertThatThrownBy(() -> FileLocks.acquire(target, LockMode.EXCLUSIVE, SHORT_WAIT))
                    .as("a lock taken through the channel of the deleted lock file would exclude nobody")
                    .isInstanceOf(FileLockTimeoutException.class);
            holder.send("RELEASE");
            holder.expectLine("RELEASED", PROMPTLY);
        }
        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(channelOf(handle).isOpen()).isTrue();
            expectChildTimesOut();
        }
    }

    @Test
    void aReplacedLockFileIsLockedAfreshNotThroughTheOldChannel() throws Exception {
        lockAndRelease();
        Path replacement = Files.createFile(temp.resolve("replacement"));
        Files.move(replacement, lockFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(channelOf(handle).isOpen()).isTrue();
            expectChildTimesOut();
        }
    }

    @Test
    void aDirectorySwappedForALinkBetweenTwoLocksLocksTheLockFileOfTheDirectoryItLeadsTo() throws Exception {
        Path data = Files.createDirectory(temp.toRealPath().resolve("data"));
        Path given = Files.writeString(data.resolve("state.json"), "{}");
        // Twice: the first lock creates the lock file, a change of the directory that the second one sees.
        lockAndRelease(given);
        lockAndRelease(given);
        Path other = Files.createDirectory(temp.toRealPath().resolve("other"));
        Path otherTarget = Files.writeString(other.resolve("state.json"), "{}");
        Files.move(data, temp.toRealPath().resolve("data-old"));
        Files.createSymbolicLink(data, other);

        try (RunningChild holder = holdInChild(otherTarget)) {
            assertThatThrownBy(() -> FileLocks.acquire(given, LockMode.EXCLUSIVE, SHORT_WAIT))
                    .as("the lock file of the directory the path leads to now, held by the child")
                    .isInstanceOf(FileLockTimeoutException.class)
                    .hasMessageContaining(other.resolve("state.json.lock").toString());
            holder.send("RELEASE");
            holder.expectLine("RELEASED", PROMPTLY);
        }
        assertThat(FileLocks.lockFileFor(given)).isEqualTo(other.resolve("state.json.lock"));
    }

    @Test
    void aDirectoryRenamedBetweenTwoLocksWithALinkAtItsOldNameSharesOneLockWithItsNewName() throws Exception {
        Path data = Files.createDirectory(temp.toRealPath().resolve("data"));
        Path given = Files.writeString(data.resolve("state.json"), "{}");
        // Twice: the first lock creates the lock file, a change of the directory that the second one sees.
        lockAndRelease(given);
        lockAndRelease(given);
        Path moved = Files.move(data, temp.toRealPath().resolve("moved"), StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(data, moved);

        assertThat(FileLocks.lockFileFor(given)).as("the lock file by its real path, as a first lock finds it")
                .isEqualTo(moved.resolve("state.json.lock"));
        FileLockHandle held = FileLocks.acquire(given, LockMode.EXCLUSIVE, PROMPTLY);
        try {
            // Another thread of this JVM, by the directory's new name: one lock, not two entries on one file.
            Throwable[] failure = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    FileLocks.acquire(moved.resolve("state.json"), LockMode.EXCLUSIVE, SHORT_WAIT).close();
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            other.start();
            other.join(PROMPTLY.toMillis());
            assertThat(failure[0]).as("the other spelling's lock while this one holds it")
                    .isInstanceOf(FileLockTimeoutException.class);
        } finally {
            held.close();
        }
    }

    @Test
    void idleChannelsAreClosedOnceTooManyLockFilesHaveOne() throws Exception {
        int files = LockRegistry.MAX_IDLE * 2;
        List<Path> lockFiles = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path other = temp.resolve("file-" + i);
            FileLocks.acquire(other, LockMode.EXCLUSIVE, PROMPTLY).close();
            lockFiles.add(FileLocks.lockFileFor(other));
        }
        // Only this test's lock files: other tests' entries, idle or still held, are no concern of this one.
        LockRegistry registry = LockRegistry.instance();
        assertThat(lockFiles.stream().filter(lockFile -> registry.entryOf(lockFile) != null).count())
                .as("this test's lock files with an entry after locking %d files one after the other", files)
                .isLessThanOrEqualTo(LockRegistry.MAX_IDLE + 1);
        assertThat(openLockFiles()).as("open descriptors on this test's lock files")
                .isLessThanOrEqualTo(LockRegistry.MAX_IDLE + 1);
        assertThat(lockFiles).as("this test's lock files held or waited for").noneMatch(lockFile -> {
            LockEntry entry = registry.entryOf(lockFile);
            return entry != null && entry.references > 0;
        });
    }

    @Test
    void closingIdleLockFilesClosesTheKeptChannelsButNotAHeldOne() throws Exception {
        Path held = Files.writeString(temp.toRealPath().resolve("held.json"), "{}");
        FileChannel idle;
        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            idle = channelOf(handle);
        }
        try (FileLockHandle handle = FileLocks.acquire(held, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(FileLocks.closeIdleLockFiles()).as("lock files closed").isGreaterThanOrEqualTo(1);
            assertThat(idle.isOpen()).as("the idle lock file's channel").isFalse();
            assertThat(channelOf(handle).isOpen()).as("the held lock file's channel").isTrue();
            assertThat(openLockFiles()).as("open descriptors on this test's lock files").isEqualTo(1);
        }
        assertThat(openLockFiles()).as("open descriptors after the held lock was released").isEqualTo(1);
        FileLocks.closeIdleLockFiles();
        assertThat(openLockFiles()).as("open descriptors after closing the idle ones again").isZero();
    }

    private void lockAndRelease() throws IOException {
        lockAndRelease(target);
    }

    private static void lockAndRelease(Path file) throws IOException {
        FileLocks.acquire(file, LockMode.EXCLUSIVE, PROMPTLY).close();
    }

    private RunningChild holdInChild() throws Exception {
        return holdInChild(target);
    }

    private RunningChild holdInChild(Path file) throws Exception {
        RunningChild child = RunningChild.start(temp.resolve("holder.log"), HoldLockMain.class, file.toString(),
                LockMode.EXCLUSIVE.name(), "10000");
        child.expectLine("WAITING", CHILD_STARTUP);
        child.expectLine("LOCKED", PROMPTLY);
        return child;
    }

    /** A child JVM asking for the lock while this JVM holds it gives up after 300 ms. */
    private void expectChildTimesOut() throws Exception {
        try (RunningChild child = RunningChild.start(temp.resolve("prober.log"), HoldLockMain.class,
                target.toString(), LockMode.SHARED.name(), "300")) {
            child.expectLine("WAITING", CHILD_STARTUP);
            child.expectLine("TIMEOUT", PROMPTLY);
        }
    }

    private long openLockFiles() throws IOException {
        String prefix = temp.toRealPath().toString();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString();
                } catch (IOException closedMeanwhile) {
                    return "";
                }
            }).filter(open -> open.startsWith(prefix) && open.endsWith(".lock")).count();
        }
    }

    private static FileChannel channelOf(FileLockHandle handle) throws ReflectiveOperationException {
        Field entryField = FileLockHandle.class.getDeclaredField("entry");
        entryField.setAccessible(true);
        return InterruptClosedLockChannelTest.sharedChannelOf((LockEntry) entryField.get(handle));
    }
}
