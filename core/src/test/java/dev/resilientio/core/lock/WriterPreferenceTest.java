package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.lock.LockEntry;
import dev.resilientio.core.lock.LockRegistry;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.SharedChurnMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers taking turns with overlapping SHARED holds, so that some reader always holds the lock,
 * must not keep a writer out: a waiting writer holds the lock file's PENDING byte, which every new
 * reader passes through, in other processes and in a JVM whose other threads already hold SHARED.
 * Yet a thread holding SHARED that waits for reader threads of its own (a parallel read inside a
 * shared lock) must not deadlock with that writer: its readers join the held lock after a short yield.
 */
class WriterPreferenceTest {

    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    /** Well within the writer's timeout; without a writer preference it never gets the lock at all. */
    private static final Duration WRITER_TIMEOUT = Duration.ofSeconds(5);
    private static final int WRITES = 10;
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final int FAN_OUT = 4;
    /** Each reader of the fan-out gets this long, as a caller of a parallel read inside a shared lock might give it. */
    private static final Duration READER_TIMEOUT = Duration.ofSeconds(5);

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

    @Test
    void readerThreadsThatASharedHolderWaitsForGetInWhileAWriterOfAnotherProcessWaits() throws Exception {
        RunningChild writer;
        long worst = 0;
        FileLockHandle outer = FileLocks.acquire(file, LockMode.SHARED, PROMPTLY);
        try {
            writer = children.start(temp.resolve("writer.log"), HoldLockMain.class, file.toString(), "EXCLUSIVE", "60000");
            writer.expectLine("WAITING", CHILD_STARTUP);
            awaitWriterWaiting(writer);

            ExecutorService workers = Executors.newFixedThreadPool(FAN_OUT);
            try {
                List<Future<Long>> reads = new ArrayList<>();
                for (int i = 0; i < FAN_OUT; i++) {
                    reads.add(workers.submit(() -> {
                        long start = System.nanoTime();
                        FileLockHandle inner = FileLocks.acquire(file, LockMode.SHARED, READER_TIMEOUT);
                        long waited = (System.nanoTime() - start) / 1_000_000;
                        inner.close();
                        return waited;
                    }));
                }
                for (Future<Long> read : reads) {
                    worst = Math.max(worst, read.get(30, TimeUnit.SECONDS)); // a FileLockTimeoutException fails here
                }
                // A reader with less time than the yield lets the writer go first for half of it, then joins.
                long impatient = workers.submit(() -> {
                    long start = System.nanoTime();
                    FileLocks.acquire(file, LockMode.SHARED, Duration.ofMillis(400)).close();
                    return (System.nanoTime() - start) / 1_000_000;
                }).get(30, TimeUnit.SECONDS);
                assertThat(impatient).as("wait of a reader with a 400 ms timeout, in ms").isLessThan(400);
            } finally {
                workers.shutdownNow();
            }
            assertThat(writer.pendingLine()).as("the writer while this thread still holds SHARED").isNull();
        } finally {
            outer.close();
        }
        writer.expectLine("LOCKED", PROMPTLY);
        writer.send("DONE");
        writer.expectLine("RELEASED", PROMPTLY);

        System.out.println("WriterPreferenceTest: worst wait of " + FAN_OUT + " reader threads inside a shared hold while"
                + " a writer of another process waits: " + worst + " ms");
    }

    /** Waits until the child writer, unable to get MAIN, holds PENDING. */
    private void awaitWriterWaiting(RunningChild writer) throws Exception {
        LockRegistry registry = LockRegistry.instance();
        LockEntry entry = registry.retain(FileLocks.lockFileFor(file));
        try {
            long deadline = System.nanoTime() + CHILD_STARTUP.toNanos();
            while (!entry.writerWaits()) {
                if (System.nanoTime() - deadline > 0) {
                    throw writer.failure("did not hold PENDING within " + CHILD_STARTUP.toSeconds() + " s");
                }
                Thread.sleep(5);
            }
        } finally {
            registry.release(entry);
        }
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
