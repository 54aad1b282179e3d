package dev.resilientio.core;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.AtomicWriteChild;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The replaced target keeps its owner and group where this process may give them, each given only
 * when it differs; a group this process may not give loses its permission bits, so that no other
 * group gains access to the new content. Owners and groups are set as numeric ids, as root sets them.
 */
class TargetOwnershipTest {

    private static final int NOBODY = UnprivilegedJvm.NOBODY;

    @TempDir
    Path temp;

    @Test
    void aBodyThatPutsAnotherFileInTheTempsPlaceStillLeavesTheTargetsMode() throws IOException {
        Path target = Files.writeString(temp.toRealPath().resolve("private.txt"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path replacement = Files.writeString(temp.toRealPath().resolve("made-elsewhere.txt"), "new");
        Files.setPosixFilePermissions(replacement, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFileWriter.write(target, AtomicDefaults.FSYNC,
                tempFile -> Files.move(replacement, tempFile, StandardCopyOption.REPLACE_EXISTING));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).as("the target's mode, not the replacement's")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void groupAloneIsGivenAndItsPermissionsKept() throws IOException {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root to give the target another group");
        Path target = Files.writeString(temp.toRealPath().resolve("group.txt"), "old");
        Object owner = Files.getAttribute(target, "unix:uid");
        Files.setAttribute(target, "unix:gid", NOBODY);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));

        AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> Files.writeString(tempFile, "new"));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getAttribute(target, "unix:gid")).as("group").isEqualTo(NOBODY);
        assertThat(Files.getAttribute(target, "unix:uid")).as("owner").isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void ownerAloneIsGivenAndTheModeKept() throws IOException {
        assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root to give the target away");
        Path target = Files.writeString(temp.toRealPath().resolve("owner.txt"), "old");
        Object group = Files.getAttribute(target, "unix:gid");
        Files.setAttribute(target, "unix:uid", NOBODY);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-r--"));

        ResilientFiles.writeText(target, "new");

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getAttribute(target, "unix:uid")).as("owner").isEqualTo(NOBODY);
        assertThat(Files.getAttribute(target, "unix:gid")).as("group").isEqualTo(group);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
    }

    @Test
    void unprivilegedOwnerDropsTheBitsOfAGroupItMayNotGive() throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> "Skipped: " + unavailable.orElseThrow());
        Path root = temp.toRealPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path directory = Files.createDirectory(root.resolve("owned-by-nobody"));
        UnprivilegedJvm.giveToNobody(directory);
        Path target = Files.writeString(directory.resolve("shared.txt"), "old");
        // Owned by nobody, but in root's group, which nobody (no supplementary groups) may not give.
        Files.setAttribute(target, "unix:uid", NOBODY);
        Files.setAttribute(target, "unix:gid", 0);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
        Path log = root.resolve("child.log");

        int exit = UnprivilegedJvm.run(Files.createDirectory(root.resolve("classpath")), directory, log,
                AtomicWriteChild.class, "callback", target.toString(), "new");

        assertThat(exit).as("exit code of the child run as nobody; its output:%n%s",
                Files.readString(log, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getAttribute(target, "unix:uid")).as("owner").isEqualTo(NOBODY);
        assertThat(Files.getAttribute(target, "unix:gid")).as("group: the writer's own").isEqualTo(NOBODY);
        assertThat(Files.getPosixFilePermissions(target)).as("the other group's bits dropped")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Temps.in(directory)).as("temp files left beside the target").isEmpty();
    }
}
