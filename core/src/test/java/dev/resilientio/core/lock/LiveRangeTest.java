package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.RunningChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LIVE byte of a lock file tells a cleanup whether any write of the target is live, in this JVM
 * or another process, by a lock the OS drops when the writer dies rather than by a timestamp.
 */
class LiveRangeTest {

    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final LockRegistry registry = LockRegistry.instance();
    private Path target;
    private Path lockFile;
    private LockEntry entry;

    @BeforeEach
    void retainEntry() throws IOException {
        target = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
        lockFile = FileLocks.lockFileFor(target);
        entry = registry.retain(lockFile);
    }

    @AfterEach
    void releaseEntry() {
        registry.release(entry);
    }

    @Test
    void aChildHoldingLiveKeepsTheCleanupOutUntilItIsKilled() throws Exception {
        RunningChild writer = holdLiveInChild(10_000);

        assertThat(entry.tryLiveExclusive()).as("LIVE exclusively while a child process holds it").isFalse();
        assertThat(writer.kill()).as("the writer's exit code after SIGKILL").isEqualTo(137);

        assertThat(entry.tryLiveExclusive()).as("LIVE exclusively once the holder died").isTrue();
        entry.releaseLiveExclusive();
    }

    @Test
    void aWriteWaitsWhileACleanupHoldsLiveThenGetsIt() throws Exception {
        assertThat(entry.tryLiveExclusive()).as("LIVE exclusively, nobody writing").isTrue();
        try {
            RunningChild impatient = startChild("HOLD", "300");
            impatient.expectLine("WAITING", CHILD_STARTUP);
            String failure = impatient.nextLine(PROMPTLY);
            assertThat(failure).as("what a writer that waits 300 ms says").startsWith("FAILED")
                    .contains(lockFile.toString()).contains("held exclusively").contains("try again");

            RunningChild patient = startChild("HOLD", "10000");
            patient.expectLine("WAITING", CHILD_STARTUP);
            assertThat(patient.nextLine(Duration.ofMillis(500))).as("the patient writer while the cleanup holds LIVE")
                    .isNull();
            entry.releaseLiveExclusive();
            patient.expectLine("HELD", PROMPTLY);
            assertThat(tryExclusiveInChild()).as("a cleanup in another process while the child writes").isFalse();
            patient.send("DONE");
            patient.expectLine("RELEASED", PROMPTLY);
        } finally {
            entry.releaseLiveExclusive();
        }
        assertThat(tryExclusiveInChild()).as("a cleanup in another process once no write is live").isTrue();
    }

    @Test
    void twoThreadsOfOneJvmAreCountedAndTheLastReleaseFreesLive() throws Exception {
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try {
            a.submit(() -> {
                entry.holdLive(TimeUnit.SECONDS.toNanos(5));
                return null;
            }).get(10, TimeUnit.SECONDS);
            b.submit(() -> {
                entry.holdLive(TimeUnit.SECONDS.toNanos(5));
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertThat(entry.tryLiveExclusive()).as("LIVE exclusively while two threads of this JVM write").isFalse();
            assertThat(tryExclusiveInChild()).as("a cleanup in another process while two threads write").isFalse();

            a.submit(entry::releaseLive).get(10, TimeUnit.SECONDS);
            assertThat(entry.tryLiveExclusive()).as("LIVE exclusively while one thread still writes").isFalse();
            assertThat(tryExclusiveInChild()).as("a cleanup in another process while one thread still writes").isFalse();

            b.submit(entry::releaseLive).get(10, TimeUnit.SECONDS);
            assertThat(tryExclusiveInChild()).as("a cleanup in another process once both threads are done").isTrue();
            assertThat(entry.tryLiveExclusive()).as("LIVE exclusively once both threads are done").isTrue();
            entry.releaseLiveExclusive();
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    @Test
    void aThreadsWriteWaitsForACleanupOfAnotherThreadOfThisJvm() throws Exception {
        assertThat(entry.tryLiveExclusive()).isTrue();
        Throwable impatient;
        try {
            impatient = OtherThread.run("impatient writer", PROMPTLY, () -> entry.holdLive(TimeUnit.MILLISECONDS.toNanos(100)));
        } finally {
            entry.releaseLiveExclusive();
        }
        assertThat(impatient).as("a write of this JVM during this JVM's cleanup").isInstanceOf(IOException.class)
                .hasMessageContaining(lockFile.toString());

        CountDownLatch held = new CountDownLatch(1);
        assertThat(entry.tryLiveExclusive()).isTrue();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> write = writer.submit(() -> {
                entry.holdLive(TimeUnit.SECONDS.toNanos(10));
                held.countDown();
                return null;
            });
            assertThat(held.await(300, TimeUnit.MILLISECONDS)).as("the write got LIVE during the cleanup").isFalse();
            entry.releaseLiveExclusive();
            write.get(10, TimeUnit.SECONDS);
            assertThat(tryExclusiveInChild()).as("a cleanup in another process while the thread writes").isFalse();
            writer.submit(entry::releaseLive).get(10, TimeUnit.SECONDS);
        } finally {
            entry.releaseLiveExclusive();
            writer.shutdownNow();
        }
    }

    @Test
    void liveSurvivesLocksOfTheTargetAndClosingIdleLockFiles() throws Exception {
        // The lock file is created here, so the next lock does not trust the channel and opens the file again.
        entry.holdLive(TimeUnit.SECONDS.toNanos(5));
        try {
            for (LockMode mode : LockMode.values()) {
                try (FileLockHandle handle = FileLocks.acquire(target, mode, PROMPTLY)) {
                    assertThat(handle.lockFile()).isEqualTo(lockFile);
                    assertThat(tryExclusiveInChild()).as("a cleanup while this JVM holds %s and LIVE", mode).isFalse();
                }
            }
            FileLocks.closeIdleLockFiles();
            assertThat(tryExclusiveInChild()).as("a cleanup after this JVM's locks were released").isFalse();
        } finally {
            entry.releaseLive();
        }
        assertThat(tryExclusiveInChild()).as("a cleanup once the write is over").isTrue();
    }

    @Test
    void aChildHoldingLiveDoesNotBlockTheTargetsLocks() throws Exception {
        RunningChild writer = holdLiveInChild(10_000);
        try (FileLockHandle exclusive = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
            assertThat(exclusive.mode()).isEqualTo(LockMode.EXCLUSIVE);
        }
        writer.send("DONE");
        writer.expectLine("RELEASED", PROMPTLY);
    }

    private RunningChild holdLiveInChild(long maxWaitMillis) throws Exception {
        RunningChild child = startChild("HOLD", String.valueOf(maxWaitMillis));
        child.expectLine("WAITING", CHILD_STARTUP);
        child.expectLine("HELD", PROMPTLY);
        return child;
    }

    private boolean tryExclusiveInChild() throws Exception {
        RunningChild child = startChild("TRY_EXCLUSIVE");
        String answer = child.nextLine(CHILD_STARTUP);
        if (answer == null) {
            throw child.failure("did not answer in time");
        }
        assertThat(child.awaitExit(PROMPTLY)).as("the probing child's exit code").isZero();
        return Boolean.parseBoolean(answer.toLowerCase(java.util.Locale.ROOT));
    }

    private RunningChild startChild(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = lockFile.toString();
        System.arraycopy(args, 0, all, 1, args.length);
        return children.start(temp.resolve("child-" + children.count() + ".log"), LiveRangeMain.class, all);
    }
}
