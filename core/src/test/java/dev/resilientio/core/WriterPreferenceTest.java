package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.SharedChurnMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers taking turns with overlapping SHARED holds, so that some reader always holds the lock,
 * must not keep a writer out: a waiting writer holds the lock file's PENDING byte, which every new
 * reader passes through, in other processes and in a JVM whose other threads already hold SHARED.
 */
class WriterPreferenceTest {

    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    /** Well within the writer's timeout; without a writer preference it never gets the lock at all. */
    private static final Duration WRITER_TIMEOUT = Duration.ofSeconds(5);
    private static final int WRITES = 10;

    @TempDir
    Path temp;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private Path file;

    @BeforeEach
    void createTarget() throws Exception {
        file = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
    }

    @Test
    void aWriterGetsInBetweenTwoReaderProcessesTakingTurns() throws Exception {
        startReaders("1");
        startReaders("1");

        long worst = writeRepeatedly("two reader processes");

        System.out.println("WriterPreferenceTest: worst writer wait against two reader processes: " + worst + " ms");
    }

    @Test
    void aWriterGetsInBetweenThreeReaderThreadsOfOneProcess() throws Exception {
        startReaders("3");

        long worst = writeRepeatedly("three reader threads of one process");

        System.out.println("WriterPreferenceTest: worst writer wait against three reader threads of one process: " + worst + " ms");
    }

    private void startReaders(String threads) throws Exception {
        RunningChild readers = children.start(temp.resolve("readers-" + children.count() + ".log"), SharedChurnMain.class,
                file.toString(), "10", threads);
        readers.expectLine("STARTED", CHILD_STARTUP);
    }

    /** Takes EXCLUSIVE several times and returns the longest wait, in milliseconds. */
    private long writeRepeatedly(String against) throws Exception {
        long worst = 0;
        for (int i = 0; i < WRITES; i++) {
            long start = System.nanoTime();
            try (FileLockHandle handle = FileLocks.acquire(file, LockMode.EXCLUSIVE, WRITER_TIMEOUT)) {
                worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                assertThat(handle.mode()).as("write %d against %s", i, against).isEqualTo(LockMode.EXCLUSIVE);
            }
        }
        for (RunningChild child : children.started()) {
            assertThat(child.process().isAlive()).as("the readers kept reading").isTrue();
        }
        return worst;
    }
}
