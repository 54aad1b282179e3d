package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.CounterFile;
import dev.resilientio.core.FileLockTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code @FileLocked} between threads of one JVM: exclusion, shared readers, and the lock timeout. */
class ThreadLockTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CounterFile counter = new CounterFile();

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("worker threads finished").isTrue();
    }

    @Test
    void exclusiveBodiesNeverRunAtOnceAndLoseNoIncrement() throws Exception {
        Path file = dir.resolve("counter.txt");
        int threads = 4;
        int increments = 100;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                List<Integer> values = new ArrayList<>();
                for (int i = 0; i < increments; i++) {
                    values.add(counter.increment(file));
                }
                return values;
            }));
        }

        start.countDown();
        List<Integer> returned = new ArrayList<>();
        for (Future<List<Integer>> worker : workers) {
            returned.addAll(worker.get(30, TimeUnit.SECONDS));
        }

        assertThat(counter.mostBodiesAtOnce()).as("bodies at once under %s", WeavingMode.name()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(String.valueOf(threads * increments));
        assertThat(returned).as("each value returned once").doesNotHaveDuplicates().hasSize(threads * increments);
    }

    @Test
    void sharedBodiesRunTogether() throws Exception {
        Path file = Files.writeString(dir.resolve("shared.txt"), "read me");
        CountDownLatch readers = new CountDownLatch(3);
        List<Boolean> exclusiveLockFree = new CopyOnWriteArrayList<>();
        counter.whileReadersInside = read -> exclusiveLockFree.add(!LockProbe.isHeld(read));
        List<Callable<Boolean>> reads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reads.add(() -> counter.readTogether(file, readers));
        }

        List<Future<Boolean>> results = pool.invokeAll(reads, 30, TimeUnit.SECONDS);

        for (Future<Boolean> result : results) {
            assertThat(result.get()).as("all three readers inside together under %s", WeavingMode.name()).isTrue();
        }
        assertThat(counter.mostBodiesAtOnce()).isEqualTo(3);
        assertThat(exclusiveLockFree).as("a writer could lock while readers were inside").containsExactly(false, false, false);
    }

    @Test
    void lockHeldByAnotherThreadTimesOut() throws Exception {
        Path file = dir.resolve("held.txt");
        Holder holder = holdLock(file);

        Throwable thrown;
        try {
            thrown = catchThrowable(() -> counter.writeWithShortWait(file, "late"));
        } finally {
            holder.letGo();
        }

        assertThat(thrown).as("under %s", WeavingMode.name()).isInstanceOf(FileLockTimeoutException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("EXCLUSIVE");
        assertThat(((FileLockTimeoutException) thrown).waited()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(counter.bodyRuns.get()).as("body runs without the lock").isZero();
        assertThat(file).doesNotExist();
    }

    @Test
    void undeclaredLockTimeoutArrivesAsUncheckedIoExceptionWithTheTimeoutAsCause() throws Exception {
        Path file = dir.resolve("held.txt");
        Holder holder = holdLock(file);

        Throwable thrown;
        try {
            thrown = catchThrowable(() -> counter.writeWithShortWaitUnchecked(file, "late"));
        } finally {
            holder.letGo();
        }

        assertThat(thrown).as("under %s", WeavingMode.name()).isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(FileLockTimeoutException.class);
        assertThat(counter.bodyRuns.get()).isZero();
    }

    @Test
    void lockTimeoutIsRetriedAndSucceedsOnceTheHolderLetsGo() throws Exception {
        Path file = dir.resolve("held.txt");
        Holder holder = holdLock(file);
        time.duringEachPause(delay -> holder.letGo());

        try {
            counter.writeWithShortWaitRetrying(file, "after the wait");
        } finally {
            holder.letGo();
        }

        assertThat(time.delays()).as("one backoff after the timeout, under %s", WeavingMode.name())
                .containsExactly(Duration.ofMillis(100));
        assertThat(counter.bodyRuns.get()).isEqualTo(1);
        assertThat(file).hasContent("after the wait");
    }

    /** Holds an exclusive lock on {@code file} from a pool thread until told to let go. */
    private Holder holdLock(Path file) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> done = pool.submit(() -> {
            counter.holdUntil(file, held, release);
            return null;
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the holder got the lock").isTrue();
        return new Holder(release, done);
    }

    /** A thread holding a lock through an annotated method. */
    private record Holder(CountDownLatch release, Future<?> done) {

        /** Tells the holder to return, and waits until it has, so the lock is free. */
        void letGo() {
            release.countDown();
            try {
                done.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the lock holder failed", e);
            }
        }
    }
}
