package dev.resilientio.test.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.seam.SimulatedCrash;
import dev.resilientio.examples.ResilientTaskStore;
import dev.resilientio.examples.Task;
import dev.resilientio.test.FileFaults;
import dev.resilientio.test.LockHolder;
import dev.resilientio.test.RecordedEvents;
import dev.resilientio.test.ResilientIoAssertions;
import dev.resilientio.test.ResilientIoTest;
import dev.resilientio.test.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit on the example's store ({@code ResilientTaskStore} of resilient-io-examples), as its users
 * would test it. test-kit/pom.xml runs this suite three times: on the classes ajc wove, and on the
 * plain javac classes under AspectJ load-time weaving and under resilient-io's agent; each run first
 * checks that its weaving, and only it, applies.
 */
@ResilientIoTest
class ExampleStoreTest {

    private final ResilientTaskStore store = new ResilientTaskStore();
    private final List<Task> old = List.of(new Task("1", "water the plants", "test"));
    private final List<Task> tasks = List.of(new Task("1", "water the plants", "test"), new Task("2", "call the plumber", "test"));
    private Path file;

    @BeforeEach
    void oldList(@TempDir Path dir) throws IOException {
        file = dir.resolve("tasks.json");
        store.save(file, old);
    }

    @Test
    void theStoreIsWovenByThisRunsWeaving() {
        ResilientIoAssertions.assertWoven(ResilientTaskStore.class);
        WeavingUnderTest.assertWovenByThisRun(ResilientTaskStore.class);
    }

    @Test
    void aSaveRetriesABusyFileTwiceWithTheConfiguredBackoffs(FileFaults faults, VirtualTime time, RecordedEvents events)
            throws IOException {
        faults.failNextAttempts(file, 2, FileFaults.busy());

        store.save(file, tasks);

        assertThat(store.load(file)).isEqualTo(tasks);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(events.ofType(CallCompleted.class)).filteredOn(call -> call.operation().equals("ResilientTaskStore.save"))
                .singleElement().satisfies(call -> {
                    assertThat(call.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS_AFTER_RETRY);
                    assertThat(call.attempts()).isEqualTo(3);
                });
        assertThat(FileFaults.tempFilesOf(file)).as("each failed attempt deleted its temp").isEmpty();
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldListAndACompleteTemp(FileFaults faults) throws IOException {
        faults.crashAt(file, Step.RENAME);

        Throwable crash = catchThrowable(() -> store.save(file, tasks));

        assertThat(crash).isInstanceOf(SimulatedCrash.class);
        assertThat(store.load(file)).as("readers see the old list").isEqualTo(old);
        assertThat(FileFaults.tempFilesOf(file)).singleElement()
                .satisfies(temp -> assertThat(Files.readString(temp)).contains("call the plumber"));
    }

    @Test
    void aCrashBeforeTheDirectorySyncLeavesTheNewListInPlace(FileFaults faults) throws IOException {
        faults.crashAt(file, Step.DIRECTORY_FSYNC);

        assertThat(catchThrowable(() -> store.save(file, tasks))).isInstanceOf(SimulatedCrash.class);

        assertThat(store.load(file)).isEqualTo(tasks);
        assertThat(FileFaults.tempFilesOf(file)).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // the holder acts by being open
    void anAddWhileAnotherProcessHoldsTheLockTimesOutOnEachAttempt(VirtualTime time, RecordedEvents events) throws IOException {
        // The store waits 10 s for its lock: 100 ms of real time per attempt at this speed.
        time.speedUpLockWaits(100);
        Throwable thrown;
        try (LockHolder other = LockHolder.holdInAnotherProcess(file, LockMode.SHARED)) {
            thrown = catchThrowable(() -> store.add(file, "buy milk", "test"));
        }

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("held by another process");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(events.ofType(LockTimedOut.class)).hasSize(3)
                .allSatisfy(timedOut -> assertThat(timedOut.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(10)));
        assertThat(store.add(file, "buy milk", "test").title()).as("the lock is free once the other process released it")
                .isEqualTo("buy milk");
    }

    @Test
    void aCorruptListIsReadFromTheNewestBackup(RecordedEvents events) throws IOException {
        store.save(file, tasks);
        Files.writeString(file, "{ not json");

        assertThat(store.load(file)).isEqualTo(old);
        assertThat(events.ofType(BackupRecovered.class)).singleElement()
                .satisfies(recovered -> assertThat(recovered.target()).isEqualTo(file));
    }
}
