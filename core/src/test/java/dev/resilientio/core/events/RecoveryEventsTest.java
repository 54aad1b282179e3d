package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery's events: a read served by a backup, and the content of a failed write kept aside. */
class RecoveryEventsTest {

    private static final AtomicSettings ONE_BACKUP = new AtomicSettings(1, false, Durability.NONE);

    @TempDir
    Path temp;

    private Path dir;
    private Path file;
    private Path backup;
    private EventRecorder events;
    private EngineTime.Installed installed;

    @BeforeEach
    void corruptFileWithAGoodBackup() throws IOException {
        dir = temp.toRealPath();
        file = dir.resolve("tasks.txt");
        backup = dir.resolve("tasks.txt.backup");
        AtomicFileWriter.writeBytes(file, ONE_BACKUP, "good".getBytes(StandardCharsets.UTF_8));
        AtomicFileWriter.writeBytes(file, ONE_BACKUP, "corrupt".getBytes(StandardCharsets.UTF_8));
        assertThat(backup).hasContent("good");
        installed = EngineTime.install(TestTime.virtual(new RecordingSleeper()));
        events = EventRecorder.under(dir);
    }

    @AfterEach
    void stop() {
        events.close();
        installed.close();
    }

    private static String parse(String content) throws EOFException {
        if (content.equals("corrupt")) {
            throw new EOFException("content cut short");
        }
        return content;
    }

    static class Reader {
        @RecoverFromBackup(restore = true)
        @FileLocked
        String readRestoring(Path file) throws IOException {
            return parse(Files.readString(file));
        }
    }

    @Test
    void aReadServedByABackupReportsTheBackupAndTheCorruption() throws IOException {
        FileOperation read = FileOperation.named("Events.read");

        String value = read.read(file, stream -> parse(new String(stream.readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(value).isEqualTo("good");
        assertThat(events.of(BackupRecovered.class)).singleElement().satisfies(recovered -> {
            assertThat(recovered.operation()).isEqualTo("Events.read");
            assertThat(recovered.target()).isEqualTo(file);
            assertThat(recovered.backup()).isEqualTo(backup);
            assertThat(recovered.restored()).isFalse();
            assertThat(recovered.corruption()).isInstanceOf(EOFException.class);
        });
        assertThat(file).as("left as it is").hasContent("corrupt");
        assertThat(events.sequence()).containsExactly("LockAcquired", "BackupRecovered", "CallCompleted");
        assertThat(events.of(CallCompleted.class)).singleElement()
                .satisfies(done -> assertThat(done.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS));
    }

    @Test
    void aRestoringReadReportsThatTheBackupIsBackInPlace() throws Throwable {
        Object value = Woven.call(new Reader(), "readRestoring", file);

        assertThat(value).isEqualTo("good");
        assertThat(file).hasContent("good");
        assertThat(events.of(BackupRecovered.class)).singleElement().satisfies(recovered -> {
            assertThat(recovered.operation()).isEqualTo("Reader.readRestoring");
            assertThat(recovered.backup()).isEqualTo(backup);
            assertThat(recovered.restored()).isTrue();
        });
    }

    static class Writer {
        @RetryFileOperation(maxAttempts = 2, initialDelay = "10ms", jitter = 0)
        @AtomicWrite(keepFailed = true, durability = Durability.NONE)
        void save(Path file) throws IOException {
            Files.writeString(file, "new content");
        }
    }

    @SuppressWarnings("try")
    @Test
    void aWriteThatFinallyFailsReportsItsRecoveryFile() throws Throwable {
        Path target = dir.resolve("report.txt");
        Throwable thrown;
        try (FaultSeam.Installed seam = FaultSeam.install((step, operation, path) -> {
            if (step == FaultSeam.Step.RENAME) {
                throw new FileSystemException(path.toString(), null, "Device or resource busy");
            }
        })) {
            thrown = catchThrowable(() -> Woven.call(new Writer(), "save", target));
        }

        Path kept = RecoveryFileNotice.in(thrown).orElseThrow().file();
        assertThat(kept).hasContent("new content");
        assertThat(events.of(RecoveryFileWritten.class)).singleElement().satisfies(written -> {
            assertThat(written.operation()).isEqualTo("Writer.save");
            assertThat(written.target()).isEqualTo(target);
            assertThat(written.recoveryFile()).isEqualTo(kept);
            assertThat(written.failure()).isSameAs(thrown);
        });
        assertThat(events.sequence()).as("one retry, then the recovery file once the retries are spent")
                .containsExactly("RetryScheduled", "RetriesExhausted", "RecoveryFileWritten", "CallCompleted");
    }

    @SuppressWarnings("try")
    @Test
    void aWriteThatSucceedsAfterARetryKeepsNoRecoveryFile() throws Throwable {
        Path target = dir.resolve("report.txt");
        int[] renames = {0};
        try (FaultSeam.Installed seam = FaultSeam.install((step, operation, path) -> {
            if (step == FaultSeam.Step.RENAME && renames[0]++ == 0) {
                throw new FileSystemException(path.toString(), null, "Device or resource busy");
            }
        })) {
            Woven.call(new Writer(), "save", target);
        }

        assertThat(target).hasContent("new content");
        assertThat(events.of(RecoveryFileWritten.class)).isEmpty();
        assertThat(events.sequence()).containsExactly("RetryScheduled", "AtomicWriteCommitted", "CallCompleted");
    }
}
