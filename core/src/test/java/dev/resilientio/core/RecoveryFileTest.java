package dev.resilientio.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilientio.core.atomic.FailedContent;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.TmpfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The engine-held writes ({@link FileOperation#update}, {@link ResilientFiles}-style writes) on a
 * real full file system (a 1 MiB tmpfs): with keep-failed on, the value that could not be saved is
 * kept byte for byte as a recovery file, described in JSON, and named by the exception; the disk
 * that failed is left exactly as it was.
 */
class RecoveryFileTest {

    private static final String INITIAL = "[\"first task\"]";

    @RegisterExtension
    final TmpfsMount disk = TmpfsMount.perTest("1m");

    @RegisterExtension
    final LogCapture keepLog = LogCapture.of(FailedContent.class);

    @TempDir
    Path elsewhere;

    @Test
    void updateOnAFullDiskKeepsTheUpdatedValueInTheRecoveryDirOnAnotherFileSystem() throws IOException {
        Path recoveryDir = elsewhere.toRealPath().resolve("recovery");
        FileOperation update = operation(recoveryDir);
        Path target = disk.path().resolve("tasks.json");
        update.write(target, INITIAL.getBytes(StandardCharsets.UTF_8));
        String batch = fillLeaving(64 * 1024, 256 * 1024);
        Map<Path, String> before = listing(disk.path());

        IOException failure = catchThrowableOfType(IOException.class, () -> update.update(target, RecoveryFileTest::text,
                "", current -> batch, RecoveryFileTest::bytes));

        Path kept = RecoveryFileNotice.in(failure).orElseThrow().file();
        assertThat(kept.getParent()).isEqualTo(recoveryDir);
        assertThat(kept.getFileName().toString()).matches("tasks\\.json\\.[0-9a-f]{16}\\.failed");
        assertThat(Files.readString(kept)).isEqualTo(batch);
        assertThat(failure).isInstanceOf(FileSystemException.class);
        assertThat(failure.getMessage()).containsIgnoringCase("no space left").contains(kept.toString())
                .contains(kept + ".json");
        String description = Files.readString(Path.of(kept + ".json"));
        assertThat(description).contains("\"errno\": \"ENOSPC\"").contains("\"attempts\": 1")
                .contains("\"formatVersion\": 1").contains("\"operation\": \"RecoveryFileTest.update\"")
                .contains("\"target\": \"" + target + "\"").contains("\"errorType\": \"java.nio.file.FileSystemException\"")
                .contains("\"size\": " + batch.length());
        assertThat(Files.readString(target)).isEqualTo(INITIAL);
        assertThat(Temps.in(disk.path())).isEmpty();
        assertThat(listing(disk.path())).isEqualTo(before);
        try (Stream<Path> files = Files.list(recoveryDir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(kept.getFileName().toString(), kept.getFileName() + ".json");
        }
    }

    @Test
    void withoutARecoveryDirAFullDiskLosesTheValueLoudlyAndChangesNothing() throws IOException {
        FileOperation update = operation(null);
        Path target = disk.path().resolve("tasks.json");
        update.write(target, INITIAL.getBytes(StandardCharsets.UTF_8));
        String batch = fillLeaving(64 * 1024, 256 * 1024);
        Map<Path, String> before = listing(disk.path());

        IOException failure = catchThrowableOfType(IOException.class, () -> update.update(target, RecoveryFileTest::text,
                "", current -> batch, RecoveryFileTest::bytes));

        assertThat(failure).isInstanceOf(FileSystemException.class);
        assertThat(failure.getMessage()).containsIgnoringCase("no space left").doesNotContain(".failed");
        assertThat(RecoveryFileNotice.in(failure)).isEmpty();
        assertThat(failure.getSuppressed()).anySatisfy(keeping ->
                assertThat(keeping.getMessage()).containsIgnoringCase("no space left").contains("tasks.json.failed"));
        List<ILoggingEvent> errors = keepLog.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains(target.toString()).contains("(" + batch.length() + " bytes)").contains("is lost")
                .contains("RESILIENT_IO_ATOMIC_RECOVERY_DIR"));
        assertThat(Files.readString(target)).isEqualTo(INITIAL);
        assertThat(listing(disk.path())).isEqualTo(before);
    }

    @Test
    void aSecondFailureMovesTheFirstRecoveryFileUpInsteadOfReplacingIt() throws IOException {
        Path recoveryDir = elsewhere.toRealPath();
        FileOperation update = operation(recoveryDir);
        Path target = disk.path().resolve("tasks.json");
        update.write(target, INITIAL.getBytes(StandardCharsets.UTF_8));
        fillLeaving(64 * 1024, 0);
        String firstBatch = "a".repeat(200 * 1024);
        String secondBatch = "b".repeat(300 * 1024);

        IOException first = catchThrowableOfType(IOException.class, () -> update.write(target, bytes(firstBatch)));
        IOException second = catchThrowableOfType(IOException.class, () -> update.write(target, bytes(secondBatch)));

        Path kept = RecoveryFileNotice.in(second).orElseThrow().file();
        assertThat(RecoveryFileNotice.in(first).orElseThrow().file()).isEqualTo(kept);
        assertThat(Files.readString(kept)).isEqualTo(secondBatch);
        assertThat(Files.readString(Path.of(kept + ".1"))).isEqualTo(firstBatch);
        assertThat(Files.readString(Path.of(kept + ".1.json"))).contains("\"size\": " + firstBatch.length());
        assertThat(Files.readString(Path.of(kept + ".json"))).contains("\"size\": " + secondBatch.length());
        assertThat(Files.readString(target)).isEqualTo(INITIAL);
    }

    @Test
    void anotherDirectorysTargetOfTheSameNameGetsItsOwnRecoveryFile() throws IOException {
        Path recoveryDir = elsewhere.toRealPath().resolve("recovery");
        FileOperation update = operation(recoveryDir);
        Path a = Files.createDirectory(disk.path().resolve("a")).resolve("tasks.json");
        Path b = Files.createDirectory(disk.path().resolve("b")).resolve("tasks.json");
        fillLeaving(64 * 1024, 0);

        IOException failureA = catchThrowableOfType(IOException.class, () -> update.write(a, bytes("a".repeat(200_000))));
        IOException failureB = catchThrowableOfType(IOException.class, () -> update.write(b, bytes("b".repeat(200_000))));

        Path keptA = RecoveryFileNotice.in(failureA).orElseThrow().file();
        Path keptB = RecoveryFileNotice.in(failureB).orElseThrow().file();
        assertThat(keptA).isNotEqualTo(keptB);
        assertThat(Files.readString(keptA)).startsWith("a");
        assertThat(Files.readString(keptB)).startsWith("b");
        assertThat(Files.readString(Path.of(keptA + ".json"))).contains("\"target\": \"" + a + "\"");
    }

    @Test
    void keepFailedOffKeepsNothing() throws IOException {
        FileOperation update = FileOperation.named("RecoveryFileTest.update", ResilientIoConfig.from(Map.of(), Map.of()));
        Path target = disk.path().resolve("tasks.json");
        update.write(target, bytes(INITIAL));
        fillLeaving(64 * 1024, 0);
        Map<Path, String> before = listing(disk.path());

        IOException failure = catchThrowableOfType(IOException.class, () -> update.write(target, bytes("x".repeat(200_000))));

        assertThat(failure).isNotNull();
        assertThat(RecoveryFileNotice.in(failure)).isEmpty();
        assertThat(listing(disk.path())).isEqualTo(before);
        assertThat(keepLog.events()).isEmpty();
    }

    private static FileOperation operation(Path recoveryDir) {
        Map<String, String> properties = new HashMap<>();
        properties.put("resilientio.atomic.keep-failed", "true");
        if (recoveryDir != null) {
            properties.put("resilientio.atomic.recovery-dir", recoveryDir.toString());
        }
        return FileOperation.named("RecoveryFileTest.update", ResilientIoConfig.from(Map.of(), properties));
    }

    /**
     * Fills the disk with a filler file until about {@code free} bytes are left, and returns content
     * of {@code size} bytes, which cannot fit.
     */
    private String fillLeaving(long free, int size) throws IOException {
        FileStore store = Files.getFileStore(disk.path());
        long filler = store.getUsableSpace() - free;
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(disk.path().resolve("filler"))) {
            for (long written = 0; written < filler; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, filler - written));
            }
        }
        assertThat(store.getUsableSpace()).as("space left on the filled disk").isLessThan(free + 8192);
        return "t".repeat(size);
    }

    /** Every entry of a directory tree with its content's length and a digest of it, for before/after comparisons. */
    private static Map<Path, String> listing(Path directory) throws IOException {
        Map<Path, String> entries = new HashMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path entry : walk.toList()) {
                entries.put(entry, Files.isRegularFile(entry)
                        ? Files.size(entry) + ":" + Arrays.hashCode(Files.readAllBytes(entry)) : "dir");
            }
        }
        return entries;
    }

    private static String text(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
