package dev.resilientio.core.seam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.Listing;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected at each step of the engine: the engine does with each what it does with the
 * same error from the file system. Real files; virtual time for the retries.
 */
class FaultSeamTest {

    @TempDir
    Path temp;

    private final RecordingSleeper backoffs = new RecordingSleeper();
    private final Faults faults = new Faults();
    private EngineTime.Installed time;
    private FaultSeam.Installed seam;
    private Path dir;
    private Path file;

    /** A seam that records every step it is asked about and fails the ones it is told to. */
    static final class Faults implements FaultSeam {
        final List<String> asked = new ArrayList<>();
        private final Map<Step, Function<Path, Throwable>> failures = new HashMap<>();
        private final Map<Step, Integer> times = new HashMap<>();

        /** Fails the next {@code count} times {@code step} is asked, with what {@code failure} makes. */
        Faults fail(Step step, int count, Function<Path, Throwable> failure) {
            failures.put(step, failure);
            times.put(step, count);
            return this;
        }

        @Override
        public synchronized void before(Step step, String operation, Path target) throws IOException {
            asked.add(step + " " + operation + " " + target.getFileName());
            int left = times.getOrDefault(step, 0);
            if (left > 0) {
                times.put(step, left - 1);
                Throwable failure = failures.get(step).apply(target);
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (Error) failure;
            }
        }

        synchronized long count(Step step) {
            return asked.stream().filter(line -> line.startsWith(step + " ")).count();
        }
    }

    private static FileSystemException busy(Path target) {
        return new FileSystemException(target.toString(), null, "Device or resource busy");
    }

    @BeforeEach
    void install() throws IOException {
        dir = temp.toRealPath();
        file = Files.writeString(dir.resolve("tasks.json"), "old");
        time = EngineTime.install(TestTime.virtual(backoffs));
        seam = FaultSeam.install(faults);
    }

    @AfterEach
    void uninstall() {
        seam.close();
        time.close();
    }

    private static FileOperation operation(String... properties) {
        Map<String, String> values = new HashMap<>(Map.of("resilientio.retry.initial-delay", "100ms",
                "resilientio.retry.jitter", "0"));
        for (int i = 0; i < properties.length; i += 2) {
            values.put(properties[i], properties[i + 1]);
        }
        return FileOperation.named("Seam.write", ResilientIoConfig.from(Map.of(), values));
    }

    private List<String> temps() throws IOException {
        return Listing.names(dir).stream().filter(name -> name.endsWith(".tmp")).toList();
    }

    @Test
    void asksEachStepOfADurableWriteInOrderWithItsOperationAndFile() throws IOException {
        ResilientFiles.writeText(file, "new");

        assertThat(faults.asked).containsExactly(
                "LOCK ResilientFiles.writeText tasks.json",
                "ATTEMPT ResilientFiles.writeText tasks.json",
                "TEMP_FSYNC ResilientFiles.writeText tasks.json",
                "RENAME ResilientFiles.writeText tasks.json",
                "DIRECTORY_FSYNC ResilientFiles.writeText tasks.json");
    }

    @Test
    void aWriteWithoutDurabilityHasNoSyncStepsToFail() throws IOException {
        operation("resilientio.atomic.durability", "none").write(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(faults.asked).containsExactly("LOCK Seam.write tasks.json", "ATTEMPT Seam.write tasks.json",
                "RENAME Seam.write tasks.json");
    }

    @Test
    void aFaultAtAnAttemptIsRetriedLikeTheBodysOwnFailure() throws IOException {
        faults.fail(Step.ATTEMPT, 2, FaultSeamTest::busy);
        AtomicInteger bodyRuns = new AtomicInteger();

        operation().update(file, stream -> "", "", value -> value, value -> {
            bodyRuns.incrementAndGet();
            return "new".getBytes(StandardCharsets.UTF_8);
        });

        assertThat(file).hasContent("new");
        assertThat(bodyRuns).as("the body runs only on the attempt the seam let through").hasValue(1);
        assertThat(faults.count(Step.ATTEMPT)).isEqualTo(3);
        assertThat(faults.count(Step.LOCK)).as("each attempt takes the lock again").isEqualTo(3);
        assertThat(backoffs.requested()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(temps()).as("each failed attempt's temp removed").isEmpty();
    }

    static class Store {
        final AtomicInteger runs = new AtomicInteger();

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        String load(Path file) {
            runs.incrementAndGet();
            return "loaded";
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        String loadDeclaring(Path file) throws IOException {
            runs.incrementAndGet();
            return "loaded";
        }

        @RetryFileOperation(maxAttempts = 3, initialDelay = "100ms", jitter = 0)
        @FileLocked(mode = LockMode.SHARED)
        String loadLocked(Path file) {
            runs.incrementAndGet();
            return "loaded";
        }
    }

    @Test
    void aFaultAtAnAttemptReachesAMethodNotDeclaringIoExceptionUncheckedAsTheEnginesFailuresDo() throws Exception {
        faults.fail(Step.ATTEMPT, Integer.MAX_VALUE, FaultSeamTest::busy);
        EventRecorder events = EventRecorder.under(dir);
        Throwable alone;
        Throwable piped;
        Store store = new Store();
        try {
            alone = catchThrowable(() -> Woven.call(store, "load", file));
            piped = catchThrowable(() -> Woven.call(store, "loadLocked", file));
        } finally {
            events.close();
        }

        assertThat(store.runs).as("no body ran").hasValue(0);
        assertThat(faults.count(Step.ATTEMPT)).as("three attempts each").isEqualTo(6);
        for (Throwable thrown : List.of(alone, piped)) {
            assertThat(thrown).isInstanceOf(UncheckedIOException.class).cause().isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Device or resource busy");
        }
        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::failure)
                .as("both paths report the failure before it is wrapped").containsExactly(alone.getCause(), piped.getCause());
    }

    @Test
    void aFaultAtAnAttemptReachesAMethodDeclaringIoExceptionAsItIs() {
        faults.fail(Step.ATTEMPT, Integer.MAX_VALUE, FaultSeamTest::busy);

        Throwable thrown = catchThrowable(() -> Woven.call(new Store(), "loadDeclaring", file));

        assertThat(thrown).isInstanceOf(FileSystemException.class).hasMessageContaining("Device or resource busy");
    }

    private FileLockTimeoutException lockTimeout(Path target) {
        return new FileLockTimeoutException(target, dir.resolve("tasks.json.lock"), LockMode.EXCLUSIVE,
                Duration.ofSeconds(10), "another process");
    }

    @Test
    void aLockTimeoutAtTheLockEndsTheAttemptAndIsRetriedAsARealOneIs() throws IOException {
        faults.fail(Step.LOCK, 1, this::lockTimeout);
        EventRecorder events = EventRecorder.under(dir);
        try {
            operation().write(file, "new".getBytes(StandardCharsets.UTF_8));
        } finally {
            events.close();
        }

        assertThat(faults.asked).as("the first attempt ended at its lock").containsExactly("LOCK Seam.write tasks.json",
                "LOCK Seam.write tasks.json", "ATTEMPT Seam.write tasks.json", "TEMP_FSYNC Seam.write tasks.json",
                "RENAME Seam.write tasks.json", "DIRECTORY_FSYNC Seam.write tasks.json");
        assertThat(file).hasContent("new");
        assertThat(events.of(LockTimedOut.class)).singleElement().satisfies(timedOut -> {
            assertThat(timedOut.waited()).isEqualTo(Duration.ofSeconds(10));
            assertThat(timedOut.heldBy()).isEqualTo("another process");
        });
        assertThat(events.sequence()).startsWith("LockTimedOut", "RetryScheduled", "LockAcquired");
    }

    @Test
    void aLockTimeoutAtTheLockEndsACallWithoutRetry() {
        faults.fail(Step.LOCK, 1, this::lockTimeout);
        AtomicInteger bodyRuns = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> ResilientFiles.withLock(file, LockMode.SHARED, bodyRuns::incrementAndGet));

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("another process");
        assertThat(faults.asked).containsExactly("LOCK ResilientFiles.withLock tasks.json");
        assertThat(bodyRuns).hasValue(0);
    }

    @Test
    void aFaultAtTheTempsSyncLeavesTheTargetUntouchedAndRemovesTheTemp() throws IOException {
        faults.fail(Step.TEMP_FSYNC, Integer.MAX_VALUE, target -> new IOException("Input/output error"));

        Throwable engineWrote = catchThrowable(() -> operation("resilientio.retry.max-attempts", "1")
                .write(file, "new".getBytes(StandardCharsets.UTF_8)));
        Throwable bodyWrote = catchThrowable(() -> ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, "new")));

        assertThat(List.of(engineWrote, bodyWrote)).allSatisfy(thrown -> assertThat(thrown).isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error").hasMessageContaining("syncing the temp file for " + file)
                .hasMessageContaining("the target was left unchanged"));
        assertThat(file).hasContent("old");
        assertThat(temps()).isEmpty();
    }

    @Test
    void aFaultAtTheRenameLeavesTheTargetUntouchedAndRemovesTheTemp() throws IOException {
        faults.fail(Step.RENAME, Integer.MAX_VALUE, FaultSeamTest::busy);

        Throwable engineWrote = catchThrowable(() -> ResilientFiles.writeText(file, "new"));
        Throwable bodyWrote = catchThrowable(() -> ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, "new")));

        assertThat(List.of(engineWrote, bodyWrote)).allSatisfy(thrown -> assertThat(thrown)
                .isInstanceOf(FileSystemException.class).hasMessageContaining("renaming the temp file over " + file)
                .hasMessageContaining("the target was left unchanged"));
        assertThat(faults.count(Step.RENAME)).as("writeText retries a busy rename; atomicWrite does not").isEqualTo(4);
        assertThat(file).hasContent("old");
        assertThat(temps()).isEmpty();
    }

    @Test
    void aFaultAtTheDirectorysSyncComesAfterTheNewContentIsInPlace() throws IOException {
        faults.fail(Step.DIRECTORY_FSYNC, 1, target -> new IOException("Input/output error"));

        Throwable thrown = catchThrowable(() -> ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, "new")));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("syncing the directory of " + file)
                .hasMessageNotContaining("left unchanged");
        assertThat(file).hasContent("new");
        assertThat(temps()).isEmpty();
    }

    @Test
    void closingAnInstalledSeamRestoresTheOneBefore() throws IOException {
        Faults inner = new Faults();
        FaultSeam.Installed nested = FaultSeam.install(inner);
        ResilientFiles.writeText(file, "one");
        nested.close();
        ResilientFiles.writeText(file, "two");

        assertThat(inner.asked).hasSize(5);
        assertThat(faults.asked).as("asked again once the nested seam was closed").hasSize(5);
    }
}
