package dev.resilientio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory resolved once is trusted again after one {@code stat}: every change of what its path
 * leads to between two resolutions makes the next one resolve it as the first time did.
 */
class RealDirectoriesTest {

    @TempDir
    Path temp;

    private Path real;

    @BeforeEach
    void realTemp() throws IOException {
        real = temp.toRealPath();
    }

    @Test
    void aDirectorySwappedForALinkToAnotherIsResolvedAgain() throws IOException {
        Path data = Files.createDirectory(real.resolve("data"));
        Path other = Files.createDirectory(real.resolve("other"));
        assertThat(TargetPaths.resolve(data.resolve("state.json"))).isEqualTo(data.resolve("state.json"));

        Files.move(data, real.resolve("data-old"));
        Files.createSymbolicLink(data, other);

        assertThat(TargetPaths.resolve(data.resolve("state.json"))).as("the directory's name is now a link to another")
                .isEqualTo(other.resolve("state.json"));
    }

    @Test
    void aDirectoryRenamedWithALinkLeftAtItsOldNameResolvesToItsNewName() throws IOException {
        Path data = Files.createDirectory(real.resolve("data"));
        assertThat(TargetPaths.resolve(data.resolve("state.json"))).isEqualTo(data.resolve("state.json"));

        // The same directory (same inode) under a new name: only its real path changed.
        Path moved = Files.move(data, real.resolve("moved"), StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(data, moved);

        assertThat(TargetPaths.resolve(data.resolve("state.json"))).isEqualTo(moved.resolve("state.json"));
        assertThat(TargetPaths.resolve(data.resolve("state.json")))
                .as("as a resolution without the cache finds it").isEqualTo(TargetPaths.resolve(data.resolve("state.json"), false));
    }

    @Test
    void aDirectoryLinkPointedElsewhereIsFollowedToItsNewDirectory() throws IOException {
        Path first = Files.createDirectory(real.resolve("release-1"));
        Path second = Files.createDirectory(real.resolve("release-2"));
        Path current = Files.createSymbolicLink(real.resolve("current"), first);
        assertThat(TargetPaths.resolve(current.resolve("state.json"))).isEqualTo(first.resolve("state.json"));

        // As a deploy switches its link: a new link renamed over the old one.
        Path next = Files.createSymbolicLink(real.resolve("current.next"), second);
        Files.move(next, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(TargetPaths.resolve(current.resolve("state.json"))).isEqualTo(second.resolve("state.json"));
    }

    @Test
    void aDirectoryLinkReplacedByARealDirectoryIsResolvedAgain() throws IOException {
        Path target = Files.createDirectory(real.resolve("target"));
        Path data = Files.createSymbolicLink(real.resolve("data"), target);
        assertThat(TargetPaths.resolve(data.resolve("state.json"))).isEqualTo(target.resolve("state.json"));

        Files.delete(data);
        Files.createDirectory(data);

        assertThat(TargetPaths.resolve(data.resolve("state.json"))).isEqualTo(data.resolve("state.json"));
    }

    @Test
    void aDirectoryAboveRenamedGetsOneRealPathForEverySpellingOnceResolvedUnderItsNewName() throws IOException {
        Path top = Files.createDirectories(real.resolve("top/data")).getParent();
        Path oldSpelling = top.resolve("data/state.json");
        assertThat(TargetPaths.resolve(oldSpelling)).isEqualTo(oldSpelling);

        // The directory above is renamed and a link left at its old name: data is the same directory.
        Path renamed = Files.move(top, real.resolve("top-2"), StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(top, renamed);
        Path newSpelling = renamed.resolve("data/state.json");

        assertThat(TargetPaths.resolve(newSpelling)).isEqualTo(newSpelling);
        assertThat(TargetPaths.resolve(oldSpelling)).as("the old spelling, cached before the rename")
                .isEqualTo(newSpelling);
    }

    @Test
    void aDirectoryModifiedAndRenamedBehindItsLinkIsResolvedAgainNotTrustedByItsInode() throws IOException {
        Path first = Files.createDirectory(real.resolve("release-1"));
        Path current = Files.createSymbolicLink(real.resolve("current"), first);
        assertThat(TargetPaths.resolve(current.resolve("state.json"))).isEqualTo(first.resolve("state.json"));

        // The same directory (same inode) renamed, modified, and the link pointed at its new name.
        Path renamed = Files.move(first, real.resolve("release-1b"), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(renamed.resolve("other.txt"), "changed");
        Path next = Files.createSymbolicLink(real.resolve("current.next"), renamed);
        Files.move(next, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(TargetPaths.resolve(current.resolve("state.json"))).as("its cached real path no longer leads to it")
                .isEqualTo(renamed.resolve("state.json"));
    }

    @Test
    void aTargetNameSeenMissingInASettledDirectoryIsLookedAtAgainOnceTheDirectoryChanges() throws IOException {
        Path data = Files.createDirectory(real.resolve("data"));
        Path elsewhere = Files.createDirectory(real.resolve("elsewhere"));
        Files.setLastModifiedTime(data, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Path target = data.resolve("state.json");
        assertThat(TargetPaths.resolve(target)).isEqualTo(target);
        assertThat(TargetPaths.resolve(target)).as("seen missing, its directory unchanged").isEqualTo(target);

        Files.createSymbolicLink(target, elsewhere.resolve("state.json"));

        assertThat(TargetPaths.resolve(target)).as("the link created in its place changed the directory's time")
                .isEqualTo(elsewhere.resolve("state.json"));
    }

    @Test
    void aTargetNameIsNotRememberedInADirectoryChangedWithinTheClocksLastTicks() throws IOException {
        Path data = Files.createDirectory(real.resolve("data"));
        Path elsewhere = Files.createDirectory(real.resolve("elsewhere"));
        Path target = data.resolve("state.json");
        assertThat(TargetPaths.resolve(target)).isEqualTo(target);
        assertThat(TargetPaths.resolve(target)).isEqualTo(target);
        FileTime seen = Files.getLastModifiedTime(data);

        // A link made within the same clock tick as the directory's last change leaves its time as it was.
        Files.createSymbolicLink(target, elsewhere.resolve("state.json"));
        Files.setLastModifiedTime(data, seen);

        assertThat(TargetPaths.resolve(target)).as("a time that recent was not trusted for the names in it")
                .isEqualTo(elsewhere.resolve("state.json"));
    }

    @Test
    void aDirectoryThatTookADeletedOnesInodeNumberIsResolvedAgainThoughItsTimeIsNew()
            throws IOException, InterruptedException {
        Path attacker = Files.createDirectory(real.resolve("att"));
        Path cached = Files.createDirectory(attacker.resolve("d"));
        Object deleted = Files.readAttributes(cached, BasicFileAttributes.class).fileKey();
        assertThat(TargetPaths.resolve(cached.resolve("state.json"))).isEqualTo(cached.resolve("state.json"));

        Path victims = Files.createDirectory(real.resolve("victim"));
        Thread.sleep(20); // the kernel's timestamps tick coarsely (up to 10 ms): the new directory is born later
        Files.delete(cached);
        Path victim = Files.createDirectory(victims.resolve("d"));
        assumeTrue(deleted.equals(Files.readAttributes(victim, BasicFileAttributes.class).fileKey()),
                "this file system did not give the new directory the deleted one's inode number");
        Files.delete(attacker);
        Files.createSymbolicLink(attacker, victims);

        assertThat(TargetPaths.resolve(cached.resolve("state.json")))
                .as("the path now leads through a link to another directory with the same inode number")
                .isEqualTo(victim.resolve("state.json"));
    }

    @Test
    void theRootIsRefusedAsADirectory() {
        Path root = real.getRoot();
        assertThatThrownBy(() -> TargetPaths.resolve(root)).isInstanceOf(RefusedFileException.class)
                .hasMessageContaining("is a directory");
    }
}
