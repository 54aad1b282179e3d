package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names are limited in bytes (255 on Linux file systems), not in characters: a long CJK name
 * that fits must still get a temp name that fits, and a name beyond the limit fails at once, since
 * no retry can make it shorter.
 */
class LongFileNameTest {

    /** Bytes a file name may have on ext4, xfs, btrfs and tmpfs. */
    private static final int NAME_MAX = 255;

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @Test
    void writesAndReadsAnEightyCharacterCjkName() throws IOException {
        String name = "データ".repeat(26) + "デー";
        assertThat(name).hasSize(80);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).as("UTF-8 bytes of the name").isEqualTo(240).isLessThanOrEqualTo(NAME_MAX - ".lock".length());
        Path target = temp.resolve(name);

        ResilientFiles.writeText(target, "内容");

        assertThat(ResilientFiles.readText(target)).isEqualTo("内容");
        assertThat(entriesOf(temp)).as("files in the directory")
                .extracting(entry -> entry.getFileName().toString())
                .containsExactlyInAnyOrder(name, name + ".lock");
    }

    @Test
    void nameBeyondTheFileSystemLimitFailsOnceAsPermanent() throws IOException {
        String name = "データ".repeat(29);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).as("UTF-8 bytes of the name").isEqualTo(261);
        Path target = temp.resolve(name);
        Assumptions.assumeTrue(!canCreate(temp.resolve("x" + name)),
                "Skipped: the file system of " + temp + " takes names over " + NAME_MAX + " bytes");

        IOException failure = catchThrowableOfType(IOException.class, () -> ResilientFiles.writeText(target, "内容"));

        assertThat(failure).as("writing a file whose name is too long").isNotNull();
        assertThat(failure.getMessage()).containsIgnoringCase("file name too long");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).as("transient?").isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.warnings()).as("retry WARN lines").isEmpty();
        assertThat(entriesOf(temp)).as("files left in the directory: only the never-deleted lock sidecar")
                .allSatisfy(left -> assertThat(left.getFileName().toString()).endsWith(".lock").doesNotEndWith(".tmp"))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void nameAtTheFileSystemLimitIsWrittenWithAShortenedLockSidecar() throws IOException {
        String name = "x".repeat(NAME_MAX);
        Path target = temp.resolve(name);
        Assumptions.assumeTrue(canCreate(temp.resolve("y".repeat(NAME_MAX))),
                "Skipped: the file system of " + temp + " does not take " + NAME_MAX + "-byte names");

        ResilientFiles.writeText(target, "full length");

        assertThat(ResilientFiles.readText(target)).isEqualTo("full length");
        Path lockFile = FileLocks.lockFileFor(target);
        assertThat(lockFile).exists();
        assertThat(lockFile.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(NAME_MAX);
        assertThat(lockFile.getFileName().toString()).endsWith(".lock").isNotEqualTo(name + ".lock");
    }

    private static boolean canCreate(Path file) {
        try {
            Files.createFile(file);
            Files.delete(file);
            return true;
        } catch (IOException tooLong) {
            return false;
        }
    }

    private static List<Path> entriesOf(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
