package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.seam.FaultSeam.Step;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which steps a planned fault fails, asked as the engine asks, and what it throws. */
class FileFaultsTest {

    private final FileFaults faults = new FileFaults();

    @Test
    void aFaultFailsItsStepOnItsFileAsManyTimesAsAskedThenTheStepRuns(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tasks.json");
        faults.failNextAttempts(file, 2, FileFaults.busy());

        faults.before(Step.LOCK, "TaskStore.save", file);
        faults.before(Step.ATTEMPT, "TaskStore.save", dir.resolve("other.json"));
        Throwable first = catchThrowable(() -> faults.before(Step.ATTEMPT, "TaskStore.save", file));
        Throwable second = catchThrowable(() -> faults.before(Step.ATTEMPT, "TaskStore.save", file));
        faults.before(Step.ATTEMPT, "TaskStore.save", file);

        assertThat(first).isInstanceOf(FileSystemException.class).hasMessage(file + ": Device or resource busy (injected by FileFaults)");
        assertThat(second).isNotSameAs(first).hasMessage(first.getMessage());
        assertThat(faults.injected()).extracting(FileFaults.Injection::fault).containsExactly(first, second);
        assertThat(faults.injected()).allSatisfy(injected -> {
            assertThat(injected.step()).isEqualTo(Step.ATTEMPT);
            assertThat(injected.operation()).isEqualTo("TaskStore.save");
            assertThat(injected.target()).isEqualTo(file);
        });
        faults.verifyAllUsed();
    }

    @Test
    void aFileMatchesAsTheCallerNamedItRelativeAbsoluteOrThroughALink(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectory(dir.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Path relative = Path.of("").toAbsolutePath().relativize(real.resolve("tasks.json"));
        faults.failNextAttempts(link.resolve("tasks.json"), 3, FileFaults.busy());

        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, relative))).as("relative").isNotNull();
        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, real.resolve("tasks.json")))).as("resolved").isNotNull();
        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, real.resolve("./tasks.json"))))
                .as("not normalised").isNotNull();
        faults.verifyAllUsed();
    }

    @Test
    void aGlobOrARegexMatchesEveryFileItNames(@TempDir Path dir) throws IOException {
        faults.failNextAttempts("glob:**.json", 2, FileFaults.busy());
        faults.failNext(Step.RENAME, "regex:.*/backups/[^/]+\\.bak", 1, FileFaults.diskFull());

        faults.before(Step.ATTEMPT, null, dir.resolve("tasks.txt"));
        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, dir.resolve("a.json")))).isNotNull();
        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, Path.of("b.json")))).as("relative, made absolute").isNotNull();
        faults.before(Step.RENAME, null, dir.resolve("x.bak"));
        assertThat(catchThrowable(() -> faults.before(Step.RENAME, null, dir.resolve("backups/x.bak"))))
                .hasMessageContaining("No space left on device");
        faults.verifyAllUsed();
    }

    @Test
    void aPatternWithoutItsSyntaxIsRefusedWithTheFix() {
        assertThatThrownBy(() -> faults.failNextAttempts("**/*.json", 1, FileFaults.busy()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a pattern starts with glob: or regex:").hasMessageContaining("for one file pass a Path");
        assertThatThrownBy(() -> faults.failNextAttempts(Path.of("x"), 0, FileFaults.busy()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times = 0");
    }

    @Test
    void theFailuresAreClassifiedAsTheirNamesSay() {
        Path file = Path.of("/srv/share/tasks.json");
        TransientIoClassifier linux = TransientIoClassifier.forOs(false);

        assertThat(linux.isTransient(FileFaults.busy().create(file))).as("busy").isTrue();
        assertThat(linux.isTransient(FileFaults.ioError("Input/output error").create(file))).as("EIO").isTrue();
        assertThat(linux.isTransient(FileFaults.noSuchFile().create(file))).as("missing").isFalse();
        assertThat(linux.isTransient(FileFaults.diskFull().create(file))).as("disk full").isFalse();
        assertThat(linux.isTransient(FileFaults.accessDenied().create(file))).as("access denied").isFalse();
        assertThat(FileFaults.noSuchFile().create(file)).isInstanceOf(NoSuchFileException.class);
        assertThat(FileFaults.accessDenied().create(file)).isInstanceOf(AccessDeniedException.class);
        assertThat(List.of(FileFaults.busy(), FileFaults.diskFull(), FileFaults.ioError("EIO"))).extracting(Object::toString)
                .containsExactly("busy()", "diskFull()", "ioError(\"EIO\")");
    }

    @Test
    void aLockTimeoutAndACrashAreThrownAtTheirSteps(@TempDir Path dir) {
        Path file = dir.resolve("tasks.json");
        faults.timeOutNextLockWaits(file, 1).crashAt(file, Step.DIRECTORY_FSYNC);

        Throwable timeout = catchThrowable(() -> faults.before(Step.LOCK, "TaskStore.save", file));
        Throwable crash = catchThrowable(() -> faults.before(Step.DIRECTORY_FSYNC, "TaskStore.save", file));

        assertThat(timeout).isInstanceOf(FileLockTimeoutException.class)
                .hasMessageContaining("injected by FileFaults.timeOutNextLockWaits");
        assertThat(((FileLockTimeoutException) timeout).lockFile()).isEqualTo(dir.resolve("tasks.json.lock"));
        assertThat(crash).isInstanceOf(SimulatedCrash.class);
        assertThat(((SimulatedCrash) crash).step()).isEqualTo(Step.DIRECTORY_FSYNC);
    }

    @Test
    void faultsAreUsedInTheOrderTheyWereSetUp(@TempDir Path dir) {
        Path file = dir.resolve("tasks.json");
        faults.failNextAttempts(file, 1, FileFaults.busy()).failNextAttempts("glob:**", 1, FileFaults.noSuchFile());

        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, file))).isInstanceOf(FileSystemException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        assertThat(catchThrowable(() -> faults.before(Step.ATTEMPT, null, file))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anUnusedFaultFailsVerificationNamingItAndTheStepsReached(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tasks.json");
        faults.failNextAttempts(dir.resolve("task.json"), 2, FileFaults.busy());
        faults.crashAt(file, Step.RENAME);
        faults.before(Step.ATTEMPT, "TaskStore.save", file);
        catchThrowable(() -> faults.before(Step.RENAME, "TaskStore.save", file));

        assertThatThrownBy(faults::verifyAllUsed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FileFaults: 1 fault was set up and not used")
                .hasMessageContaining("fail the next 2 ATTEMPT step(s) of " + dir.resolve("task.json") + " with busy(): 2 of 2 not reached")
                .hasMessageContaining("Steps the engine reached:\n  ATTEMPT of " + file + " (TaskStore.save)")
                .hasMessageNotContaining("crash at");
    }

    @Test
    void whenNoStepWasReachedVerificationAsksWhetherTheCodeIsWoven() {
        faults.crashAt(Path.of("tasks.json"), Step.RENAME);

        assertThatThrownBy(faults::verifyAllUsed).hasMessageContaining("crash at RENAME of tasks.json: 1 of 1 not reached")
                .hasMessageContaining("The engine reached no step while these faults were installed: is the code woven");
    }

    @Test
    void threadsAtOnceUseAFaultExactlyAsManyTimesAsAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.json");
        faults.failNextAttempts(file, 100, FileFaults.busy());
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(() -> {
                    if (catchThrowable(() -> faults.before(Step.ATTEMPT, null, file)) != null) {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(calls)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failed).hasValue(100);
        assertThat(faults.injected()).hasSize(100);
    }

    @Test
    void tempFilesOfListsTheLeftoversOfOneTargetOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tasks.json");
        Path temp = Files.createFile(dir.resolve(".tasks.json.host-1-abc.tmp"));
        Files.createFile(dir.resolve(".tasks.json2.host-1-abc.tmp"));
        Files.createFile(dir.resolve(".other.json.host-1-abc.tmp"));
        Files.createFile(dir.resolve("tasks.json.backup"));

        assertThat(FileFaults.tempFilesOf(file)).containsExactly(temp);
    }
}
