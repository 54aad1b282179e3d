package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.RunningChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CrossProcessLockTest {

    private static final Duration SHORT_WAIT = Duration.ofMillis(300);
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private Path file;
    private final List<ExecutorService> threads = new ArrayList<>();

    @BeforeEach
    void createTarget() throws Exception {
        file = Files.writeString(Files.createDirectory(tempDir.resolve("data")).resolve("state.json"), "{}");
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (ExecutorService thread : threads) {
            thread.shutdownNow();
            thread.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void exclusiveLockOfAnotherProcessTimesOutThenIsGrantedAfterItsRelease() throws Exception {
        RunningChild holder = holdLock(LockMode.EXCLUSIVE, Duration.ofSeconds(10));

        FileLockTimeoutException timeout = catchThrowableOfType(FileLockTimeoutException.class,
                () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, SHORT_WAIT));

        Path target = file.getParent().toRealPath().resolve(file.getFileName());
        Path lockFile = FileLocks.lockFileFor(file);
        assertThat(timeout).as("acquire while another process holds EXCLUSIVE").isNotNull();
        assertThat(timeout.waited()).isGreaterThanOrEqualTo(SHORT_WAIT);
        assertThat(timeout.getMessage())
                .contains(target.toString())
                .contains("EXCLUSIVE")
                .contains(Durations.format(timeout.waited()))
                .contains("(lock file " + lockFile + ")")
                .contains("another process");
        assertThat(timeout.target()).isEqualTo(target);
        assertThat(timeout.lockFile()).isEqualTo(lockFile);
        assertThat(timeout.mode()).isEqualTo(LockMode.EXCLUSIVE);

        holder.send("RELEASE");
        holder.expectLine("RELEASED", PROMPTLY);
        try (FileLockHandle handle = FileLocks.acquire(file, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(handle.mode()).isEqualTo(LockMode.EXCLUSIVE);
        }
        assertThat(holder.awaitExit(PROMPTLY)).isZero();
    }

    @Test
    void osLockStaysUntilTheLastOfTwoSharedHoldersInThisJvmReleases() throws Exception {
        ExecutorService threadA = singleThread();
        ExecutorService threadB = singleThread();
        // A handle must be closed on the thread that acquired it.
        FileLockHandle sharedA = threadA.submit(() -> FileLocks.acquire(file, LockMode.SHARED, PROMPTLY))
                .get(10, TimeUnit.SECONDS);
        FileLockHandle sharedB = threadB.submit(() -> FileLocks.acquire(file, LockMode.SHARED, PROMPTLY))
                .get(10, TimeUnit.SECONDS);
        threadA.submit(sharedA::close).get(10, TimeUnit.SECONDS);

        RunningChild writer = startChild(LockMode.EXCLUSIVE, Duration.ofSeconds(5));
        writer.expectLine("WAITING", CHILD_STARTUP);
        // Had A's release closed the JVM's channel, the OS lock would be gone and the child would lock now.
        String whileBHolds = writer.nextLine(Duration.ofMillis(700));
        assertThat(whileBHolds).as("the child's output while thread B still holds SHARED").isNull();
        assertThat(writer.process().isAlive()).as("the child still waits").isTrue();

        threadB.submit(sharedB::close).get(10, TimeUnit.SECONDS);

        writer.expectLine("LOCKED", PROMPTLY);
        writer.send("RELEASE");
        writer.expectLine("RELEASED", PROMPTLY);
        assertThat(writer.awaitExit(PROMPTLY)).isZero();
    }

    @Test
    void sharedLockOfAnotherProcessAdmitsSharedAndExcludesExclusive() throws Exception {
        RunningChild reader = holdLock(LockMode.SHARED, Duration.ofSeconds(10));

        try (FileLockHandle shared = FileLocks.acquire(file, LockMode.SHARED, SHORT_WAIT)) {
            assertThat(shared.mode()).isEqualTo(LockMode.SHARED);
        }
        assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, SHORT_WAIT))
                .isInstanceOf(FileLockTimeoutException.class)
                .hasMessageContaining("EXCLUSIVE");

        reader.send("RELEASE");
        reader.expectLine("RELEASED", PROMPTLY);
        assertThat(reader.awaitExit(PROMPTLY)).isZero();
    }

    @Test
    void osDropsTheLockWhenTheHoldingProcessIsKilled() throws Exception {
        RunningChild holder = holdLock(LockMode.EXCLUSIVE, Duration.ofSeconds(10));
        assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, SHORT_WAIT))
                .as("the child really holds the lock before it is killed")
                .isInstanceOf(FileLockTimeoutException.class);

        int exitCode = holder.kill();

        assertThat(exitCode).as("exit code after SIGKILL").isEqualTo(137);
        try (FileLockHandle handle = FileLocks.acquire(file, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(handle.lockFile()).isRegularFile();
        }
    }

    /** Starts a child that takes the lock, and waits until it holds it. */
    private RunningChild holdLock(LockMode mode, Duration timeout) throws Exception {
        RunningChild child = startChild(mode, timeout);
        child.expectLine("WAITING", CHILD_STARTUP);
        child.expectLine("LOCKED", PROMPTLY);
        return child;
    }

    private RunningChild startChild(LockMode mode, Duration timeout) throws Exception {
        return children.start(tempDir.resolve("child-" + children.count() + ".log"), HoldLockMain.class,
                file.toString(), mode.name(), String.valueOf(timeout.toMillis()));
    }

    private ExecutorService singleThread() {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        threads.add(thread);
        return thread;
    }
}
