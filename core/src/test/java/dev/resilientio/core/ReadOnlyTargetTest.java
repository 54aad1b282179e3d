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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A read-only target can be replaced and stays read-only: the temp is owner-writable while it is
 * written and takes the target's exact mode at the commit. Root ignores permission bits, so the
 * proof that matters runs the write in a child JVM as user nobody, the owner of the target.
 */
class ReadOnlyTargetTest {

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> READ_ONLY_PLUS_OWNER_WRITE = PosixFilePermissions.fromString("rw-r--r--");

    @TempDir
    Path temp;

    /** Modes of {@link AtomicWriteChild}: ResilientFiles.writeText, AtomicFileWriter.write, writeBytes without fsync. */
    @ParameterizedTest(name = "{0} over a {1} target")
    @CsvSource({"text, r--r--r--", "callback, r--r--r--", "none, r--r--r--", "callback, ---------", "text, -w-------"})
    void unprivilegedOwnerReplacesItsTargetKeepingARestrictiveMode(String mode, String permissions) throws Exception {
        Optional<String> unavailable = UnprivilegedJvm.unavailableBecause();
        assumeTrue(unavailable.isEmpty(), () -> "Skipped: " + unavailable.orElseThrow());
        Path root = temp.toRealPath();
        // JUnit makes the temp directory 0700; nobody must be able to pass through it.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path directory = Files.createDirectory(root.resolve("owned-by-nobody"));
        Path target = Files.writeString(directory.resolve("settings.txt"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
        UnprivilegedJvm.giveToNobody(directory);
        UnprivilegedJvm.giveToNobody(target);
        Path log = root.resolve("child.log");

        int exit = UnprivilegedJvm.run(Files.createDirectory(root.resolve("classpath")), directory, log,
                AtomicWriteChild.class, mode, target.toString(), "new");

        assertThat(exit).as("exit code of the child run as nobody; its output:%n%s",
                Files.readString(log, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.getAttribute(directory.resolve("settings.txt.end"), "unix:uid"))
                .as("owner of the marker the child made after its write: the child really ran as nobody")
                .isEqualTo(UnprivilegedJvm.NOBODY);
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString(permissions));
        assertThat(Files.getAttribute(target, "unix:uid")).as("owner of the new target").isEqualTo(UnprivilegedJvm.NOBODY);
        assertThat(Temps.in(directory)).as("temp files left beside the target").isEmpty();
    }

    @Test
    void writeTextReplacesAReadOnlyTargetAndKeepsItReadOnly() throws IOException {
        Path target = readOnly(Files.writeString(temp.resolve("settings.txt"), "old"));

        ResilientFiles.writeText(target, "new");

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(READ_ONLY);
    }

    @Test
    void atomicWriteGivesTheCallbackAnOwnerWritableTempAndKeepsTheTargetReadOnly() throws IOException {
        Path target = readOnly(Files.writeString(temp.resolve("settings.txt"), "old"));
        List<Set<PosixFilePermission>> tempPermissions = new ArrayList<>();

        AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> {
            tempPermissions.add(Files.getPosixFilePermissions(tempFile));
            Files.writeString(tempFile, "new");
        });

        assertThat(tempPermissions).as("permissions of the temp while the callback writes it")
                .singleElement().isEqualTo(READ_ONLY_PLUS_OWNER_WRITE);
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(READ_ONLY);
    }

    private static Path readOnly(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, READ_ONLY);
    }
}
