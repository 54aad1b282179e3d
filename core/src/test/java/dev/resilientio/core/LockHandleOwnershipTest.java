package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.RunningChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock handle belongs to the thread that acquired it: another thread's close fails loudly and
 * leaves the lock held, for the threads of this JVM and for other processes, and the owner can
 * still release it.
 */
class LockHandleOwnershipTest {

    private static final Duration SHORT_WAIT = Duration.ofMillis(200);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    private static final Duration THREAD_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Path target;
    private int registryBefore;
    private FileLockHandle handle;

    @BeforeEach
    void acquireOnThisThread() throws Exception {
        target = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
        registryBefore = FileLocks.lockFilesInUse();
        handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY);
    }

    @AfterEach
    void releaseOnThisThread() {
        // A failed assertion must not leave the lock in the JVM-wide registry for later tests.
        handle.close();
    }

    @Test
    void closeFromAnotherThreadFailsNamingBothThreadsAndTheFile() throws Exception {
        String owner = Thread.currentThread().getName();

        Throwable failure = OtherThread.run("intruder", THREAD_LIMIT, handle::close);

        assertThat(failure).isInstanceOf(IllegalStateException.class);
        assertThat(failure.getMessage())
                .contains("'" + owner + "'")
                .contains("'intruder'")
                .contains(target.toString())
                .contains("still held");
    }

    @Test
    void lockIsStillHeldAfterAnotherThreadFailedToCloseIt() throws Exception {
        OtherThread.run("intruder", THREAD_LIMIT, handle::close);

        Throwable contender = OtherThread.run("contender", THREAD_LIMIT,
                () -> FileLocks.acquire(target, LockMode.EXCLUSIVE, SHORT_WAIT).close());

        assertThat(contender).as("another thread's acquire while the owner still holds the lock")
                .isInstanceOf(FileLockTimeoutException.class);
        // The thread lock alone would stop the contender thread; only another process sees the OS lock.
        try (RunningChild child = RunningChild.start(temp.resolve("child.log"), HoldLockMain.class,
                target.toString(), LockMode.EXCLUSIVE.name(), String.valueOf(SHORT_WAIT.toMillis()))) {
            child.expectLine("WAITING", CHILD_STARTUP);
            child.expectLine("TIMEOUT", PROMPTLY);
            assertThat(child.awaitExit(PROMPTLY)).as("exit code of the child that timed out").isEqualTo(2);
        }
    }

    @Test
    void ownerClosesNormallyAfterAnotherThreadFailedTo() throws Exception {
        OtherThread.run("intruder", THREAD_LIMIT, handle::close);

        handle.close();

        assertThat(FileLocks.lockFilesInUse()).as("lock files in the registry").isEqualTo(registryBefore);
        Throwable contender = OtherThread.run("contender", THREAD_LIMIT,
                () -> FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY).close());
        assertThat(contender).as("another thread's acquire once the owner released").isNull();
    }
}
