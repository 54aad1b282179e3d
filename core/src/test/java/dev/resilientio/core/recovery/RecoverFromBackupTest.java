package dev.resilientio.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.Records;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.TornWriteMain;
import dev.resilientio.core.testsupport.Woven;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RecoverFromBackup} through the engine that woven code calls: a corrupt target (torn by a
 * killed writer, zeroed, or failing the reader's own validation) is read from the newest backup that
 * the body reads without failing, with one WARN; other failures pass unchanged; a restore puts the
 * backup back under the exclusive lock.
 */
class RecoverFromBackupTest {

    private static final AtomicSettings TWO_BACKUPS = new AtomicSettings(2, false, Durability.FSYNC);
    private static final String RECOVERY_LOGGER = "dev.resilientio.core.pipeline.RecoveryPolicy";

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.named(RECOVERY_LOGGER);

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private final Readers readers = new Readers();
    private Path dir;
    private Path backup;
    private Path backup1;

    @BeforeEach
    void realDirectory() throws IOException {
        dir = temp.toRealPath();
    }

    /** Writes three versions through real atomic writes that keep two backups: the target, then backup, then backup.1. */
    private Path threeVersions(String name, byte[] first, byte[] second, byte[] third) throws IOException {
        Path file = dir.resolve(name);
        for (byte[] version : List.of(first, second, third)) {
            AtomicFileWriter.writeBytes(file, TWO_BACKUPS, version);
        }
        backup = dir.resolve(name + ".backup");
        backup1 = dir.resolve(name + ".backup.1");
        return file;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void targetTornByAKilledWriterIsReadFromTheNewestBackup() throws Throwable {
        Path file = threeVersions("state.rec", Records.file(4096, 'a'), Records.file(4096, 'b'), Records.file(4096, 'c'));
        RunningChild writer = children.start(dir.resolve("writer.log"), TornWriteMain.class, file.toString(), "65536");
        writer.expectLine("torn", Duration.ofSeconds(30));
        writer.kill();
        assertThat(Files.size(file)).as("the killed writer left half a record").isEqualTo(4 + 32768);

        byte[] read = (byte[]) Woven.call(readers, "readRecord", file);

        assertThat(read).isEqualTo(Records.payload(4096, 'b'));
        assertThat(readers.given).containsExactly(file, backup);
        assertThat(readers.thrown).singleElement().isInstanceOf(EOFException.class);
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains(Readers.class.getName() + ".readRecord")
                .contains(file + " is corrupt")
                .contains("from the backup " + backup)
                .doesNotContain(backup1.toString());
        assertThat(Files.size(file)).as("without restore the file stays as it is").isEqualTo(4 + 32768);
    }

    @Test
    void zeroedTargetIsReadFromTheBackupThroughJackson3() throws Throwable {
        Path file = threeVersions("doc.json", json("{\"version\":1}"), json("{\"version\":2}"), json("{\"version\":3}"));
        Files.write(file, new byte[4096]);

        Object read = Woven.call(readers, "loadJackson3", file.toFile());

        assertThat(read).isEqualTo(Map.of("version", 2));
        assertThat(readers.thrown).singleElement().extracting(t -> t.getClass().getName()).asString()
                .startsWith("tools.jackson.core");
        assertThat(recoveryLog.warnings()).singleElement().asString().contains("from the backup " + backup);
    }

    @Test
    void contentThatFailsTheReadersOwnValidationIsReadFromTheBackupWhenItsTypeIsListedInOn() throws Throwable {
        Path file = threeVersions("doc.json", json("{\"version\":1}"), json("{\"version\":2}"), json("{\"name\":\"x\"}"));

        Object read = Woven.call(readers, "loadValidated", file);

        assertThat(read).isEqualTo(Map.of("version", 2));
        assertThat(readers.thrown).singleElement().isInstanceOf(Readers.InvalidDocumentException.class);
        assertThat(recoveryLog.warnings()).singleElement().asString().contains("InvalidDocumentException");
    }

    @Test
    void validationFailureNotListedInOnIsThrownUnchanged() throws Throwable {
        Path file = threeVersions("doc.json", json("{\"version\":1}"), json("{\"version\":2}"), json("{\"name\":\"x\"}"));

        Throwable thrown = catchThrowable(() -> Woven.call(readers, "loadValidatedWithoutOn", file));

        assertThat(thrown).isSameAs(readers.thrown.get(0));
        assertThat(readers.given).containsExactly(file);
        assertThat(recoveryLog.warnings()).isEmpty();
    }

    @Test
    void everyBackupBadThrowsFileCorruptionExceptionNamingEachWithTheirFailuresSuppressedAndIsNotRetried()
            throws Throwable {
        Path file = threeVersions("doc.json", json("{\"version\":"), json("[1, 2"), json("{\"version\":3}"));
        Files.writeString(file, "{\"version\":3, \"tasks\": [");

        Throwable thrown = catchThrowable(() -> Woven.call(readers, "loadJackson2Retrying", file));

        assertThat(thrown).isInstanceOf(FileCorruptionException.class);
        FileCorruptionException corrupt = (FileCorruptionException) thrown;
        assertThat(corrupt.file()).isEqualTo(file);
        assertThat(corrupt.triedBackups()).containsExactly(backup, backup1);
        assertThat(corrupt.getMessage()).contains(file.toString()).contains(backup.toString())
                .contains(backup1.toString()).contains("Restore the file from elsewhere");
        assertThat(corrupt.getCause()).isSameAs(readers.thrown.get(0));
        assertThat(corrupt.getSuppressed()).containsExactly(readers.thrown.get(1), readers.thrown.get(2));
        assertThat(readers.thrown).allSatisfy(t -> assertThat(t.getClass().getName())
                .startsWith("com.fasterxml.jackson."));
        assertThat(readers.given).as("one attempt: the file, then each backup once").containsExactly(file, backup, backup1);
        assertThat(retryLog.warnings()).as("corruption is never retried").isEmpty();
    }

    @Test
    void aBusyBackupEndsTheRecoveryWithItsTransientErrorSoThatTheRetryReadsTheNewestBackupAgain() throws Throwable {
        Path file = threeVersions("state.rec", Records.file(64, 'a'), Records.file(64, 'b'), Records.file(64, 'c'));
        Files.write(file, Arrays.copyOf(Records.file(64, 'd'), 10));
        readers.busyBackupReads = 1;

        Object read = Woven.call(readers, "readRecordRetrying", file);

        assertThat(read).as("the newest backup's content, not the older one's").isEqualTo(Records.read(backup));
        assertThat(readers.given).as("attempt 1: the file, the busy backup; attempt 2: the file, the backup")
                .containsExactly(file, backup, file, backup);
        assertThat(retryLog.warnings()).singleElement().asString().contains("Resource temporarily unavailable");
        assertThat(recoveryLog.warnings()).singleElement().asString().contains(backup.toString());
    }

    @Test
    void withoutBackupsTheBodysOwnExceptionIsThrownUnchanged() throws Throwable {
        Path file = Files.write(dir.resolve("lonely.rec"), new byte[] {0, 0, 1, 0, 'x'});

        Throwable thrown = catchThrowable(() -> Woven.call(readers, "readRecord", file));

        assertThat(thrown).isInstanceOf(EOFException.class).isSameAs(readers.thrown.get(0));
        assertThat(readers.given).containsExactly(file);
        assertThat(recoveryLog.warnings()).isEmpty();
    }

    @Test
    void aMissingFileIsNotRecoveredFromItsBackups() throws Throwable {
        Path file = threeVersions("gone.txt", json("one"), json("two"), json("three"));
        Files.delete(file);

        Throwable thrown = catchThrowable(() -> Woven.call(readers, "readTextRetrying", file.toString()));

        assertThat(thrown).isInstanceOf(NoSuchFileException.class).isSameAs(readers.thrown.get(0));
        assertThat(readers.given).containsExactly(file);
        assertThat(recoveryLog.warnings()).isEmpty();
    }

    @Test
    void malformedTextInAStringTargetIsReadFromTheBackupAndTheArgumentKeepsItsType() throws Throwable {
        Path file = threeVersions("notes.txt", json("one"), json("two"), json("three"));
        Files.write(file, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});

        Object read = Woven.call(readers, "readTextRetrying", file.toString());

        assertThat(read).isEqualTo("two");
        assertThat(readers.given).containsExactly(file, backup);
        assertThat(retryLog.warnings()).as("malformed input is corruption, never retried").isEmpty();
    }

    @Test
    void restorePutsTheBackupBackAtomicallyWhileHoldingTheExclusiveLock() throws Throwable {
        Path file = threeVersions("doc.txt", json("one"), json("two"), json("three"));
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        AtomicReference<Throwable> sharedDuringRecovery = new AtomicReference<>();
        readers.whileReadingBackup = () -> sharedDuringRecovery.set(tryShared(file));
        AtomicReference<Throwable> sharedAtTheWarn = new AtomicReference<>();
        recoveryLog.onEvent(event -> sharedAtTheWarn.set(tryShared(file)));

        Object read = Woven.call(readers, "readRestoring", file);

        assertThat(read).isEqualTo("two");
        assertThat(Files.readString(file)).as("restored").isEqualTo("two");
        assertThat(Files.readString(backup)).as("the corrupt file is not rotated into the backups").isEqualTo("two");
        assertThat(Files.readString(backup1)).isEqualTo("one");
        assertThat(sharedDuringRecovery.get()).as("a shared lock while the backup is read")
                .isInstanceOf(FileLockTimeoutException.class);
        assertThat(sharedAtTheWarn.get()).as("a shared lock right after the restore")
                .isInstanceOf(FileLockTimeoutException.class);
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains(Readers.class.getName() + ".readRestoring").contains(backup.toString())
                .contains("restored that backup over it");
        assertThat(tryShared(file)).as("released after the call").isNull();
    }

    @Test
    @SuppressWarnings("try")
    void restoreWithoutFileLockedWaitsForTheExclusiveLockAndLeavesTheFileToItsHolder() throws Throwable {
        config.set("resilientio.lock.timeout", "150ms");
        Path file = threeVersions("doc.txt", json("one"), json("two"), json("three"));
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        Throwable thrown;
        try (FileLockHandle reader = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(1))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Throwable unexpected = OtherThread.run("restoring caller", Duration.ofSeconds(10), () -> {
                try {
                    Woven.call(readers, "readRestoring", file);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertThat(unexpected).isNull();
            thrown = failure.get();
        }

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("EXCLUSIVE");
        assertThat(readers.given).as("the body never ran without the lock").isEmpty();
        assertThat(Files.readAllBytes(file)).containsExactly((byte) 0xFF, (byte) 0xFE, 0);
    }

    @Test
    void restoreUnderAnExclusiveFileLockedRestores() throws Throwable {
        Path file = threeVersions("doc.txt", json("one"), json("two"), json("three"));
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFE, 0});

        Object read = Woven.call(readers, "readRestoringLocked", file);

        assertThat(read).isEqualTo("two");
        assertThat(Files.readString(file)).isEqualTo("two");
    }

    @Test
    void restoreUnderASharedLockIsAMisuseNamingTheMethodAndTheFix() {
        Throwable thrown = catchThrowable(() -> Woven.call(readers, "restoreUnderSharedLock", dir.resolve("x")));

        assertThat(thrown).isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(Readers.class.getName() + ".restoreUnderSharedLock(Path)")
                .hasMessageContaining("mode = SHARED").hasMessageContaining("Use @FileLocked(mode = EXCLUSIVE)");
    }

    @Test
    void recoveryWithAtomicWriteIsAMisuseNamingTheMethodAndTheFix() {
        Throwable thrown = catchThrowable(() -> Woven.call(readers, "readAndWrite", dir.resolve("x")));

        assertThat(thrown).isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(Readers.class.getName() + ".readAndWrite(Path)")
                .hasMessageContaining("@RecoverFromBackup and @AtomicWrite are both on");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void recoveryWithoutAFileParameterIsAMisuseNamingTheMethodAndTheFix() {
        Throwable thrown = catchThrowable(() -> Woven.call(readers, "nothingToRedirect", "text"));

        assertThat(thrown).isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(Readers.class.getName() + ".nothingToRedirect(String)")
                .hasMessageContaining("has nothing to redirect").hasMessageContaining("Path, File or String parameter");
    }

    /** Tries a shared lock on another thread for a moment: {@code null} when it got it, else why not. */
    @SuppressWarnings("try")
    private static Throwable tryShared(Path file) {
        AtomicReference<Throwable> result = new AtomicReference<>();
        try {
            Throwable unexpected = OtherThread.run("shared reader", Duration.ofSeconds(5), () -> {
                try (FileLockHandle handle = FileLocks.acquire(file, LockMode.SHARED, Duration.ofMillis(50))) {
                    result.set(null);
                } catch (IOException e) {
                    result.set(e);
                }
            });
            return unexpected != null ? unexpected : result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
