package dev.resilientio.core.seam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.Listing;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A simulated crash at each step of a commit: the disk is left as the step found it, nothing is
 * cleaned up, kept or retried, and the lock is free again, as after a {@code kill -9}. Both ways
 * content reaches the temp: a body that writes it, and the engine writing bytes it was given.
 */
class SimulatedCrashTest {

    private static final String CONTENT = "new content";

    @TempDir
    Path temp;

    private final AtomicInteger asked = new AtomicInteger();
    private FaultSeam.Installed seam;
    private EventRecorder events;
    private Path dir;
    private Path file;

    /** How the content reaches the temp. */
    enum Writer {
        /** An {@code @AtomicWrite} method writes its temp: the commit syncs it. */
        BODY,
        /** The engine writes bytes it was given through the temp's channel and syncs them there. */
        ENGINE
    }

    static class Store {
        final AtomicInteger runs = new AtomicInteger();

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms")
        @FileLocked
        @AtomicWrite(keepFailed = true)
        void save(Path file) throws IOException {
            runs.incrementAndGet();
            Files.writeString(file, CONTENT);
        }
    }

    @BeforeEach
    void oldContent() throws IOException {
        dir = temp.toRealPath();
        file = Files.writeString(dir.resolve("tasks.json"), "old content");
    }

    @AfterEach
    void uninstall() {
        if (seam != null) {
            seam.close();
        }
        if (events != null) {
            events.close();
        }
    }

    private Throwable crashAt(Step crashStep, Writer writer) {
        events = EventRecorder.under(dir);
        seam = FaultSeam.install((step, operation, target) -> {
            if (step == crashStep) {
                asked.incrementAndGet();
                throw new SimulatedCrash(step, target);
            }
        });
        if (writer == Writer.BODY) {
            return catchThrowable(() -> Woven.call(new Store(), "save", file));
        }
        FileOperation write = FileOperation.named("Crash.write",
                ResilientIoConfig.from(Map.of(), Map.of("resilientio.atomic.keep-failed", "true")));
        return catchThrowable(() -> write.write(file, CONTENT.getBytes(StandardCharsets.UTF_8)));
    }

    private List<Path> temps() throws IOException {
        return Listing.names(dir).stream().filter(name -> name.endsWith(".tmp")).map(dir::resolve).toList();
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void aCrashBeforeTheTempsSyncLeavesTheCompleteTempAndTheOldTarget(Writer writer) throws Exception {
        Throwable thrown = crashAt(Step.TEMP_FSYNC, writer);

        assertCrashedBeforeTheRename(thrown, Step.TEMP_FSYNC);
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void aCrashBeforeTheRenameLeavesTheCompleteTempAndTheOldTarget(Writer writer) throws Exception {
        Throwable thrown = crashAt(Step.RENAME, writer);

        assertCrashedBeforeTheRename(thrown, Step.RENAME);
    }

    private void assertCrashedBeforeTheRename(Throwable thrown, Step step) throws Exception {
        assertThat(thrown).as("an Error, never wrapped").isInstanceOf(SimulatedCrash.class)
                .hasMessageContaining("Simulated crash before " + step + " of " + file);
        assertThat(((SimulatedCrash) thrown).step()).isEqualTo(step);
        assertThat(asked).as("no retry after a crash").hasValue(1);
        assertThat(file).hasContent("old content");
        assertThat(temps()).as("the temp, whole, as the killed writer left it").singleElement()
                .satisfies(left -> assertThat(left).hasContent(CONTENT));
        assertThat(Listing.names(dir)).as("no recovery file, even with keepFailed")
                .noneMatch(name -> name.contains(".failed"));
        assertThat(events.of(CallCompleted.class)).as("no outcome: a killed process publishes none").isEmpty();
        assertLockFree();
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void aCrashBeforeTheDirectorysSyncLeavesTheNewContentInPlace(Writer writer) throws Exception {
        Throwable thrown = crashAt(Step.DIRECTORY_FSYNC, writer);

        assertThat(thrown).isInstanceOf(SimulatedCrash.class);
        assertThat(asked).hasValue(1);
        assertThat(file).hasContent(CONTENT);
        assertThat(temps()).isEmpty();
        assertLockFree();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"LOCK", "ATTEMPT"})
    void aCrashBeforeTheBodyRunsLeavesTheTargetAsItWas(Step step) throws Exception {
        Store store = new Store();
        seam = FaultSeam.install((asked, operation, target) -> {
            if (asked == step) {
                throw new SimulatedCrash(asked, target);
            }
        });

        Throwable thrown = catchThrowable(() -> Woven.call(store, "save", file));
        seam.close();

        assertThat(thrown).isInstanceOf(SimulatedCrash.class);
        assertThat(store.runs).hasValue(0);
        assertThat(file).hasContent("old content");
        if (step == Step.ATTEMPT) {
            assertThat(temps()).as("the temp created for the attempt, empty, as the killed writer left it")
                    .singleElement().satisfies(left -> assertThat(left).isEmptyFile());
        } else {
            assertThat(temps()).as("no temp before the lock").isEmpty();
        }
        assertLockFree();
    }

    /** Another thread takes the lock at once: the kernel frees a dead process's locks. */
    private void assertLockFree() throws InterruptedException {
        Throwable other = OtherThread.run("next writer", Duration.ofSeconds(10), () -> {
            FileLockHandle handle = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMillis(1));
            handle.close();
        });
        assertThat(other).as("the lock after the crash").isNull();
    }

    @Test
    void aCrashIsNeverRetriedNorGivenUpEvenWhenRetryOnNamesIt() {
        RetrySettings anything = RetrySettings.builder().maxAttempts(3).retryOn(List.of(Throwable.class)).build();
        RecordingSleeper sleeper = new RecordingSleeper();
        AtomicInteger runs = new AtomicInteger();
        events = EventRecorder.under(dir);

        Throwable thrown = catchThrowable(() -> FileRetry.of("Crash.retry", anything, TestTime.virtual(sleeper))
                .call(file, () -> {
                    runs.incrementAndGet();
                    throw new SimulatedCrash(Step.ATTEMPT, file);
                }));

        assertThat(thrown).isInstanceOf(SimulatedCrash.class);
        assertThat(runs).as("a killed process makes no second attempt").hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
        assertThat(events.events()).as("nor does it give up, or end its call").isEmpty();
    }
}
