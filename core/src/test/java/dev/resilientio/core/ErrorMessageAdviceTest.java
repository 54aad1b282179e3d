package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.OtherThread;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The engine's errors keep the JDK's exception type (callers catch it) and say which file the
 * caller asked for and what to do about it.
 */
class ErrorMessageAdviceTest {

    private static final Duration SHORT_WAIT = Duration.ofMillis(100);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    private Path missingDirectory;
    private Path target;

    @BeforeEach
    void namePaths() throws IOException {
        missingDirectory = temp.toRealPath().resolve("not-created");
        target = missingDirectory.resolve("state.json");
    }

    @Test
    void writeTextIntoAMissingDirectorySaysToCreateIt() {
        NoSuchFileException failure = catchThrowableOfType(NoSuchFileException.class,
                () -> ResilientFiles.writeText(target, "{}"));

        assertThat(failure).as("writeText into a directory that does not exist")
                .isExactlyInstanceOf(NoSuchFileException.class);
        assertThat(failure.getMessage())
                .contains(target.toString())
                .contains("the directory " + missingDirectory + " does not exist")
                .contains("create it");
        assertThat(missingDirectory).as("the directory, which the engine must not create").doesNotExist();
    }

    @Test
    void atomicWriteIntoAMissingDirectorySaysToCreateIt() {
        AtomicInteger callbacks = new AtomicInteger();

        NoSuchFileException failure = catchThrowableOfType(NoSuchFileException.class,
                () -> AtomicFileWriter.write(target, AtomicDefaults.FSYNC, tempFile -> callbacks.incrementAndGet()));

        assertThat(failure).as("AtomicFileWriter.write into a directory that does not exist")
                .isExactlyInstanceOf(NoSuchFileException.class);
        assertThat(failure.getMessage())
                .contains(target.toString())
                .contains("the directory " + missingDirectory + " does not exist")
                .contains("create it");
        assertThat(callbacks).as("callbacks run without a temp file").hasValue(0);
    }

    @Test
    void lockTimeoutMessageUsesTheRightArticleAndNamesTheSetting() throws Exception {
        Path file = temp.toRealPath().resolve("state.json");

        FileLockTimeoutException exclusive;
        FileLockTimeoutException shared;
        try (FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(held.mode()).isEqualTo(LockMode.EXCLUSIVE);
            exclusive = timeoutOnAnotherThread(file, LockMode.EXCLUSIVE);
            shared = timeoutOnAnotherThread(file, LockMode.SHARED);
        }

        assertThat(exclusive.getMessage())
                .contains("waiting for an EXCLUSIVE lock on " + file)
                .contains("RESILIENT_IO_LOCK_TIMEOUT");
        assertThat(shared.getMessage())
                .contains("waiting for a SHARED lock on " + file)
                .contains("RESILIENT_IO_LOCK_TIMEOUT");
    }

    /** Another thread, since this thread would re-enter the lock it holds. */
    private static FileLockTimeoutException timeoutOnAnotherThread(Path file, LockMode mode) throws Exception {
        Throwable failure = OtherThread.run("contender", PROMPTLY, () -> {
            try (FileLockHandle granted = FileLocks.acquire(file, mode, SHORT_WAIT)) {
                throw new AssertionError(granted.mode() + " lock granted while another thread holds EXCLUSIVE");
            }
        });
        assertThat(failure).as("what the contender's %s acquire threw", mode).isInstanceOf(FileLockTimeoutException.class);
        return (FileLockTimeoutException) failure;
    }
}
