package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.OtherThread;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads of one JVM on one file: no lost update and no {@code OverlappingFileLockException} under
 * contention, shared holders together, exclusive holders alone, re-entry, and release on every path.
 */
class ThreadContentionTest {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final Duration LONG = Duration.ofSeconds(10);

    private static final FileOperation INCREMENT = FileOperation.named("ThreadContentionTest.increment");

    @TempDir
    Path dir;

    private Path target;
    private int registrySizeBefore;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        target = dir.resolve("shared.txt");
        registrySizeBefore = FileLocks.lockFilesInUse();
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("worker threads finished").isTrue();
    }

    @Test
    void concurrentUpdatesFromEightThreadsLoseNothing() throws Exception {
        int threads = 8;
        int increments = 200;
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < increments; i++) {
                    try {
                        INCREMENT.update(target, Counter::parse, new Counter(0), Counter::increment, Counter::bytes);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
                return null;
            }));
        }

        long began = System.nanoTime();
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(failures).as("exceptions from the updates").isEmpty();
        assertThat(INCREMENT.read(target, Counter::parse).value()).isEqualTo(threads * increments);
        System.err.printf("ThreadContentionTest: %d fsynced updates by %d threads took %d ms%n",
                threads * increments, threads, took.toMillis());
        assertRegistryBackToStart();
    }

    @Test
    void sharedHoldersRunTogether() throws Exception {
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Callable<Integer> reader = () -> FileLocks.withLock(target, LockMode.SHARED, LONG, () -> {
            // Each holder waits inside for the other: this only returns if both hold the lock at once.
            return bothInside.await(5, TimeUnit.SECONDS);
        });

        Future<Integer> first = pool.submit(reader);
        Future<Integer> second = pool.submit(reader);

        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder(0, 1);
        assertRegistryBackToStart();
    }

    @Test
    void exclusiveHolderMakesSharedRequestTimeOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writer = holdExclusiveOnAPoolThreadUntil(release);

        try {
            assertThatThrownBy(() -> FileLocks.acquire(target, LockMode.SHARED, SHORT))
                    .isInstanceOf(FileLockTimeoutException.class)
                    .hasMessageContaining(target.getFileName().toString())
                    .hasMessageContaining("SHARED")
                    .satisfies(e -> assertThat(((FileLockTimeoutException) e).waited()).isGreaterThanOrEqualTo(SHORT));
        } finally {
            release.countDown();
        }
        writer.get(10, TimeUnit.SECONDS);

        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.SHARED, SHORT)) {
            assertThat(handle.mode()).isEqualTo(LockMode.SHARED);
        }
        assertRegistryBackToStart();
    }

    @Test
    void exclusiveHoldersNeverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    FileLocks.withLock(target, LockMode.EXCLUSIVE, LONG, () -> {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        entries.incrementAndGet();
                        // Stay inside a little, so that a second holder, if let in, would be seen.
                        for (int spin = 0; spin < 20; spin++) {
                            Thread.yield();
                        }
                        inside.decrementAndGet();
                        return null;
                    });
                }
                return null;
            }));
        }

        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertThat(entries).hasValue(800);
        assertThat(mostInside).as("most EXCLUSIVE holders at one time").hasValue(1);
        assertRegistryBackToStart();
    }

    @Test
    void exclusiveHolderReentersExclusiveAndShared() throws Exception {
        String result = FileLocks.withLock(target, LockMode.EXCLUSIVE, SHORT,
                () -> FileLocks.withLock(target, LockMode.EXCLUSIVE, SHORT,
                        () -> FileLocks.withLock(target, LockMode.SHARED, SHORT, () -> {
                            // Re-entered three deep, the lock still excludes other threads.
                            assertThat(otherThreadAcquires(LockMode.SHARED, Duration.ofMillis(100)))
                                    .isInstanceOf(FileLockTimeoutException.class);
                            return "inner";
                        })));

        assertThat(result).isEqualTo("inner");
        assertThat(otherThreadAcquires(LockMode.EXCLUSIVE, SHORT)).as("after every level released").isNull();
        assertRegistryBackToStart();
    }

    @Test
    void sharedHolderAskingExclusiveFailsAtOnce() throws Exception {
        long[] elapsedNanos = new long[1];

        FileLocks.withLock(target, LockMode.SHARED, SHORT, () -> {
            long began = System.nanoTime();
            assertThatThrownBy(() -> FileLocks.acquire(target, LockMode.EXCLUSIVE, LONG))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SHARED")
                    .hasMessageContaining("EXCLUSIVE");
            elapsedNanos[0] = System.nanoTime() - began;
            return null;
        });

        // Correctness, not speed: a 10 s timeout that was waited out would be a deadlock in disguise.
        assertThat(Duration.ofNanos(elapsedNanos[0])).isLessThan(Duration.ofSeconds(1));
        assertThat(otherThreadAcquires(LockMode.EXCLUSIVE, SHORT)).isNull();
        assertRegistryBackToStart();
    }

    @Test
    void interruptedWaiterGivesUpAndKeepsItsInterruptFlag() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = holdExclusiveOnAPoolThreadUntil(release);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try (FileLockHandle handle = FileLocks.acquire(target, LockMode.SHARED, LONG)) {
                thrown.set(new AssertionError("granted " + handle.mode() + " while another thread held EXCLUSIVE"));
            } catch (IOException | RuntimeException e) {
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });

        try {
            waiter.start();
            awaitWaiting(waiter);
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(5));
        } finally {
            release.countDown();
        }
        holder.get(10, TimeUnit.SECONDS);

        assertThat(waiter.isAlive()).as("waiter still waiting after its interrupt").isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining(target.getFileName().toString());
        assertThat(flagAfter).as("interrupt flag kept").isTrue();
        assertRegistryBackToStart();
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("%s never started waiting", thread.getName()).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void lockIsReleasedWhenTheBodyThrows() throws Exception {
        IllegalStateException bug = new IllegalStateException("body failed");
        IOException ioFailure = new IOException("body failed with IO");

        assertThatThrownBy(() -> FileLocks.withLock(target, LockMode.EXCLUSIVE, SHORT, () -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(otherThreadAcquires(LockMode.EXCLUSIVE, SHORT)).as("after a runtime exception").isNull();

        assertThatThrownBy(() -> FileLocks.withLock(target, LockMode.SHARED, SHORT, () -> {
            throw ioFailure;
        })).isSameAs(ioFailure);
        assertThat(otherThreadAcquires(LockMode.EXCLUSIVE, SHORT)).as("after an IOException").isNull();
        assertRegistryBackToStart();
    }

    @Test
    void lockFileIsTheSidecarAndStays() throws Exception {
        try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, SHORT)) {
            assertThat(handle.lockFile()).isEqualTo(dir.toRealPath().resolve("shared.txt.lock"));
        }

        assertThat(dir.resolve("shared.txt.lock")).exists();
        assertRegistryBackToStart();
    }

    /** Takes EXCLUSIVE on a pool thread and holds it until {@code release} opens; returns once it is held. */
    private Future<?> holdExclusiveOnAPoolThreadUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> FileLocks.withLock(target, LockMode.EXCLUSIVE, LONG, () -> {
            held.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    /** Tries the lock from another thread; returns what it threw, or null when it got (and released) the lock. */
    private Throwable otherThreadAcquires(LockMode mode, Duration timeout) throws InterruptedException {
        return OtherThread.run("other", Duration.ofSeconds(10), () -> {
            try (FileLockHandle handle = FileLocks.acquire(target, mode, timeout)) {
                if (handle.mode() != mode) {
                    throw new AssertionError("granted " + handle.mode());
                }
            }
        });
    }

    private void assertRegistryBackToStart() {
        assertThat(FileLocks.lockFilesInUse()).as("lock files held or waited for in the registry").isEqualTo(registrySizeBefore);
    }
}
