package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults and crashes at the steps of an atomic write's commit, on real files. */
@ResilientIoTest
class AtomicWriteFaultsTest {

    /** A user's writer, woven by ajc in this module's build. */
    static class Notes {
        @AtomicWrite
        void save(Path file, String text) throws IOException {
            Files.writeString(file, text);
        }

        @RetryFileOperation
        @AtomicWrite
        void saveRetried(Path file, String text) throws IOException {
            Files.writeString(file, text);
        }

        @AtomicWrite(durability = Durability.NONE)
        void saveUnsynced(Path file, String text) throws IOException {
            Files.writeString(file, text);
        }
    }

    private final Notes notes = new Notes();
    private Path file;

    @BeforeAll
    static void woven() {
        ResilientIoAssertions.assertWoven(Notes.class);
    }

    @BeforeEach
    void oldContent(@TempDir Path dir) throws IOException {
        file = Files.writeString(dir.resolve("notes.txt"), "old");
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheTargetOldAndTheTempComplete(FileFaults faults) throws IOException {
        faults.crashAt(file, Step.RENAME);

        Throwable crash = catchThrowable(() -> notes.save(file, "new"));

        assertThat(crash).isInstanceOf(SimulatedCrash.class);
        assertThat(((SimulatedCrash) crash).step()).isEqualTo(Step.RENAME);
        assertThat(file).hasContent("old");
        assertThat(FileFaults.tempFilesOf(file)).singleElement().satisfies(temp -> assertThat(temp).hasContent("new"));
        assertThat(faults.injected()).singleElement().satisfies(injected -> {
            assertThat(injected.step()).isEqualTo(Step.RENAME);
            assertThat(injected.fault()).isSameAs(crash);
        });
    }

    @Test
    void aCrashBeforeTheDirectorySyncLeavesTheNewContentInPlace(FileFaults faults) throws IOException {
        faults.crashAt(file, Step.DIRECTORY_FSYNC);

        assertThat(catchThrowable(() -> notes.save(file, "new"))).isInstanceOf(SimulatedCrash.class);

        assertThat(file).hasContent("new");
        assertThat(FileFaults.tempFilesOf(file)).isEmpty();
    }

    @Test
    void anAttemptOfAMethodThatOnlyWritesAtomicallyFailsAsInjected(FileFaults faults) throws IOException {
        faults.failNextAttempts(file, 1, FileFaults.accessDenied());

        Throwable thrown = catchThrowable(() -> notes.save(file, "new"));

        assertThat(thrown).as("an @AtomicWrite-only method has no retry or lock, only its write target")
                .isInstanceOf(AccessDeniedException.class);
        assertThat(file).hasContent("old");
        assertThat(FileFaults.tempFilesOf(file)).isEmpty();
        notes.save(file, "new");
        assertThat(file).hasContent("new");
    }

    @Test
    void aFailedFsyncOfTheTempKeepsTheTargetUntouchedAndRemovesTheTemp(FileFaults faults) throws IOException {
        faults.failNext(Step.TEMP_FSYNC, file, 1, FileFaults.diskFull());

        Throwable thrown = catchThrowable(() -> notes.save(file, "new"));

        assertThat(thrown).isInstanceOf(FileSystemException.class).hasMessageContaining("No space left on device")
                .hasMessageContaining("injected by FileFaults");
        assertThat(file).hasContent("old");
        assertThat(FileFaults.tempFilesOf(file)).isEmpty();
    }

    @Test
    void aBusyRenameIsRetriedWithAFreshTemp(FileFaults faults, VirtualTime time, RecordedEvents events) throws IOException {
        faults.failNext(Step.RENAME, file, 1, FileFaults.busy());

        notes.saveRetried(file, "new");

        assertThat(file).hasContent("new");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
        assertThat(FileFaults.tempFilesOf(file)).isEmpty();
        assertThat(events.ofType(AtomicWriteCommitted.class)).singleElement()
                .satisfies(committed -> assertThat(committed.bytes()).isEqualTo(3));
    }

    @Test
    void theFailedDirectorySyncOfAWriteInPlaceTellsTheCallerTheContentIsThere(FileFaults faults) throws IOException {
        faults.failNext(Step.DIRECTORY_FSYNC, file, 1, FileFaults.ioError("Input/output error"));

        Throwable thrown = catchThrowable(() -> notes.save(file, "new"));

        assertThat(thrown).isInstanceOf(FileSystemException.class).hasMessageContaining("Input/output error");
        assertThat(file).as("renamed already: only its durability is in doubt").hasContent("new");
    }

    @Test
    @ResilientIoTest(strictFaults = false)
    void aWriteWithoutFsyncNeverReachesTheFsyncSteps(FileFaults faults) throws IOException {
        faults.failNext(Step.TEMP_FSYNC, file, 1, FileFaults.diskFull());
        faults.failNext(Step.DIRECTORY_FSYNC, file, 1, FileFaults.diskFull());

        notes.saveUnsynced(file, "new");

        assertThat(file).hasContent("new");
        assertThat(faults.injected()).isEmpty();
        assertThat(catchThrowable(faults::verifyAllUsed)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 faults were set up and not used")
                .hasMessageContaining("the fsync steps run only for durable writes")
                .hasMessageContaining("RENAME of " + file.toRealPath());
    }
}
