package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.ReadLinesMain;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileOperation#read} hands its parser the file's stream, so a large file is never in memory
 * twice (its bytes and its value), and a failure to read the file is not mistaken for corrupt content.
 */
class LargeFileReadTest {

    private static final FileOperation READ = FileOperation.named("LargeFileReadTest.read");

    /** 150,000 lines of 1,000 characters: a 150 MB file whose value needs about as much heap. */
    private static final int LINES = 150_000;
    private static final int LENGTH = 1_000;
    /** Enough for the value and the parser's buffers, not for the file's bytes beside the value. */
    private static final String HEAP = "-Xmx230m";

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.of(RecoveringReader.class);

    @Test
    void aFileAsLargeAsTheHeapAllowsForItsValueIsReadInAChildJvm() throws Exception {
        Path file = dir.resolve("large.txt");
        writeLines(file);
        assertThat(Files.size(file)).isGreaterThan(150_000_000L);

        List<String> command = ChildJvm.command(ReadLinesMain.class, file.toString());
        command.add(1, HEAP);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);

        assertThat(ended).as("child ended").isTrue();
        assertThat(output).as("child output with " + HEAP).doesNotContain("OutOfMemoryError")
                .contains(LINES + " " + (long) LINES * LENGTH);
        assertThat(child.exitValue()).as(output).isZero();
    }

    @Test
    void aReadFailureOfTheFileIsNotTakenForCorruptionNorRecoveredFromABackup() throws IOException {
        // /proc/self/mem is a regular file whose read(2) at offset 0 fails with EIO after the open
        // succeeded: a real read error, met by the parser's stream as a JSON parser meets it.
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "needs Linux's /proc/self/mem for a real read error");

        Throwable failure = catchThrowable(() -> RecoveringReader.readFrom(mem, LargeFileReadTest::readWrapping));

        assertThat(failure).isInstanceOf(FileSystemException.class).isNotInstanceOf(FileCorruptionException.class);
        assertThat(((FileSystemException) failure).getReason()).startsWith("Input/output error");
        assertThat(failure).hasMessageContaining("/mem");
        assertThat(recoveryLog.warnings()).as("no recovery").isEmpty();
    }

    @Test
    void aDirectoryIsRefusedBeforeAnyReadAndNotRecoveredFromABackup() throws IOException {
        Path target = Files.createDirectory(dir.resolve("doc.txt"));
        Files.writeString(dir.resolve("doc.txt.backup"), "value=1");

        Throwable failure = catchThrowable(() -> READ.read(target, InputStream::readAllBytes));

        assertThat(failure).isInstanceOf(AccessDeniedException.class).isNotInstanceOf(FileCorruptionException.class);
        assertThat(failure).hasMessageContaining(target + " is a directory, not a regular file");
        assertThat(recoveryLog.warnings()).as("no recovery from the backup").isEmpty();
    }

    @Test
    void theByteParserOfThePublicApiStillGetsTheWholeFile() throws IOException {
        Path file = Files.write(dir.resolve("data.bin"), new byte[] {1, 2, 3, 4, 5});

        byte[] read = RecoveringReader.read(file, bytes -> bytes);

        assertThat(read).containsExactly(1, 2, 3, 4, 5);
    }

    /** A parser that wraps the stream's IO errors in an unchecked exception, as Jackson 3 does. */
    private static byte[] readWrapping(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLines(Path file) throws IOException {
        String filler = "x".repeat(LENGTH - 8);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                out.write(String.format("%08d", i));
                out.write(filler);
                out.write('\n');
            }
        }
    }
}
