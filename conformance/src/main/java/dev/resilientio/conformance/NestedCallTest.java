package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.conformance.fixtures.NestedFiles;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Annotated methods called from annotated methods on the same thread: one retry budget, re-entered locks. */
class NestedCallTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final NestedFiles files = new NestedFiles();

    @Test
    void innerRetryRunsOncePerOuterAttempt() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        files.innerFailures.thenFailTimes(100);

        Throwable thrown = catchThrowable(() -> files.outerRead(file));

        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(files.outerAttempts.get()).isEqualTo(3);
        assertThat(files.innerFailures.attempts()).as("inner attempts under %s: the outer max, not 3 x 5",
                WeavingMode.name()).isEqualTo(3);
        assertThat(thrown.getSuppressed()).hasSize(2);
        assertThat(time.delays()).as("only the outer operation backs off")
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void innerRetryCalledAloneHasItsOwnBudget() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        files.innerFailures.thenFailTimes(4);

        String content = files.innerRead(file);

        assertThat(content).isEqualTo("content");
        assertThat(files.innerFailures.attempts()).isEqualTo(5);
    }

    @Test
    void innerLockOnTheSamePathIsReenteredWithoutWaiting() throws IOException {
        Path file = dir.resolve("data.txt");
        List<Boolean> heldInside = new ArrayList<>();
        files.duringInnerLockedBody = inner -> heldInside.add(LockProbe.isHeld(inner));

        files.lockedUpdate(file, "written by the inner method");

        assertThat(heldInside).as("lock held in the inner body under %s", WeavingMode.name()).containsExactly(true);
        assertThat(file).hasContent("written by the inner method");
        assertThat(LockProbe.isHeld(file)).as("lock held after the outer call").isFalse();
    }

    @Test
    void exclusiveLockInsideASharedOneOnTheSamePathFailsAtOnce() {
        Path file = dir.resolve("data.txt");

        Throwable thrown = catchThrowable(() -> files.sharedThenExclusive(file, "never written"));

        assertThat(thrown).as("under %s", WeavingMode.name()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SHARED").hasMessageContaining("EXCLUSIVE");
        assertThat(file).doesNotExist();
        assertThat(LockProbe.isHeld(file)).as("lock held after the failed call").isFalse();
    }

    @Test
    void innerLockTimeoutReachesTheOuterRetryUnwrappedAndIsRetried() throws Exception {
        Path file = dir.resolve("data.txt");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                FileLockHandle lock = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
                held.countDown();
                release.await();
                lock.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        held.await();
        try {
            Throwable thrown = catchThrowable(() -> files.outerRetryOfUndeclaredLock(file));

            assertThat(files.outerAttempts).as("outer attempts under %s", WeavingMode.name()).hasValue(3);
            assertThat(files.lockedAtOnceRan).as("inner body, never granted the lock").hasValue(0);
            assertThat(thrown).isInstanceOf(FileLockTimeoutException.class);
            assertThat(thrown.getSuppressed()).hasSize(2).allSatisfy(
                    earlier -> assertThat(earlier).isInstanceOf(FileLockTimeoutException.class));
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void atomicWriteCalledWithTheTempOfAnOuterOneWritesIntoItAndLeavesOnlyTheOutersFiles() throws IOException {
        Path file = dir.resolve("data.txt");
        List<Path> innerFiles = new ArrayList<>();
        files.duringInnerLockedBody = innerFiles::add;

        files.save(file, "first");
        files.save(file, "second");

        assertThat(file).hasContent("second");
        assertThat(innerFiles).as("the inner call writes the outer temp under %s", WeavingMode.name())
                .hasSize(2).allSatisfy(inner -> assertThat(inner.getParent()).isEqualTo(file.getParent()))
                .noneMatch(inner -> inner.equals(file));
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(each -> each.getFileName().toString()))
                    .as("no backup, temp or lock file of the outer temp")
                    .containsExactlyInAnyOrder("data.txt", "data.txt.backup", FileLocks.lockFileFor(file).getFileName().toString());
        }
        assertThat(dir.resolve("data.txt.backup")).hasContent("first");
    }

    @Test
    void tempHandedToAnotherThreadIsWrittenAsItIsToo() throws IOException {
        Path file = dir.resolve("data.txt");

        files.saveOnAnotherThread(file, "first");
        files.saveOnAnotherThread(file, "second");

        assertThat(file).hasContent("second");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(each -> each.getFileName().toString()))
                    .as("no backup or lock file of the outer temp under %s", WeavingMode.name())
                    .containsExactlyInAnyOrder("data.txt", "data.txt.backup", FileLocks.lockFileFor(file).getFileName().toString());
        }
    }
}
