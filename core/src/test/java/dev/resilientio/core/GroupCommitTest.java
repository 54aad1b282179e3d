package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.RetryScheduled;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of {@link FileOperation#update} by threads of one JVM: every change applied exactly
 * once and in a serial order, fewer commits than changes, each caller with its own result, failure
 * and outcome event, no wait for a thread that holds the lock, and interruption of a waiting caller.
 * The file holds a list of ids, one per line; each change appends its caller's id to the list it
 * is given, in place (so a change that saw another caller's value would show in that one's result).
 */
class GroupCommitTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final FileOperation APPEND = FileOperation.named("GroupCommitTest.append");

    @TempDir
    Path dir;

    private Path file;
    private EventRecorder events;
    private final List<Caller> callers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        file = dir.resolve("ids.txt");
        events = EventRecorder.under(dir);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        events.close();
        for (Caller caller : callers) {
            caller.thread.interrupt();
            caller.thread.join(WITHIN.toMillis());
            assertThat(caller.thread.isAlive()).as("%s still running", caller.thread.getName()).isFalse();
        }
    }

    @Test
    void eightThreadsApplyEveryChangeExactlyOnceInASerialOrderWithFewerCommits() throws Exception {
        int threads = 8;
        int each = 40;
        CountDownLatch go = new CountDownLatch(1);
        List<List<List<String>>> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            List<List<String>> mine = new ArrayList<>();
            results.add(mine);
            String prefix = "t" + t + "-";
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        mine.add(APPEND.update(file, GroupCommitTest::parse, new ArrayList<>(), append(prefix + i),
                                GroupCommitTest::bytes));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "updater " + t);
            workers.add(worker);
            worker.start();
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join(WITHIN.toMillis() * 4);
            assertThat(worker.isAlive()).as("%s finished", worker.getName()).isFalse();
        }

        assertThat(failures).isEmpty();
        List<String> written = readIds();
        assertThat(written).hasSize(threads * each);
        assertThat(new HashSet<>(written)).as("each id once").hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                List<String> result = results.get(t).get(i);
                // The value after its own change, as one after another: a prefix of the file that ends with its id.
                assertThat(result).last().isEqualTo("t" + t + "-" + i);
                assertThat(result).isEqualTo(written.subList(0, result.size()));
            }
        }
        int commits = commits();
        assertThat(commits).as("commits of %d changes", threads * each).isLessThan(threads * each);
        assertThat(events.of(CallCompleted.class)).hasSize(threads * each)
                .allMatch(call -> call.outcome() == CallCompleted.Outcome.SUCCESS);
        assertThat(Temps.in(dir)).isEmpty();
        System.out.printf("GroupCommitTest: %d changes by %d threads in %d commits%n", threads * each, threads, commits);
    }

    @Test
    void changesQueuedWhileOneIsWrittenAreCommittedTogetherInQueueOrder() throws Exception {
        Gate gate = new Gate();
        Caller leader = start("A", gate.append("A"));
        gate.awaitEntered();
        List<Caller> queued = new ArrayList<>();
        for (String id : List.of("B", "C", "D", "E", "F", "G", "H")) {
            queued.add(queue(id, append(id)));
        }

        gate.release();

        assertThat(leader.result()).containsExactly("A");
        List<String> expected = new ArrayList<>(List.of("A"));
        for (Caller caller : queued) {
            expected.add(caller.thread.getName());
            assertThat(caller.result()).isEqualTo(expected);
        }
        assertThat(readIds()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H");
        assertThat(commits()).as("one write for the 8 changes").isEqualTo(1);
        assertThat(events.of(CallCompleted.class)).hasSize(8);
    }

    @Test
    void afterAWriteOfSeveralTheNextWaitsForThemToQueueAgainAndServesThemAll() throws Exception {
        long cap = GroupCommit.maxGatherNanos;
        // The next leader may wait up to a quarter of the first write, held 2 s: 500 ms, for A and C, 50 ms late.
        GroupCommit.maxGatherNanos = TimeUnit.SECONDS.toNanos(5);
        try {
            Gate gate = new Gate();
            Caller a = new Caller("A", () -> {
                update(gate.append("A"));
                Thread.sleep(50);
                return update(append("A2"));
            });
            gate.awaitEntered();
            Caller b = new Caller("B", () -> {
                update(append("B"));
                return update(append("B2"));
            });
            awaitParked(b);
            Caller c = new Caller("C", () -> {
                update(append("C"));
                Thread.sleep(50);
                return update(append("C2"));
            });
            awaitParked(c);
            Thread.sleep(2000);

            gate.release();

            assertThat(b.result()).as("B, back at once, leads the second write").startsWith("A", "B", "C", "B2");
            assertThat(a.result()).contains("A2");
            assertThat(c.result()).contains("C2");
            assertThat(readIds()).hasSize(6).startsWith("A", "B", "C", "B2").contains("A2", "C2");
            // Without the wait, B's write takes B2 alone, and A2 and C2 need a write or two more.
            assertThat(commits()).as("A's write with B and C, then B's with A2 and C2, for which it waited").isEqualTo(2);
        } finally {
            GroupCommit.maxGatherNanos = cap;
        }
    }

    private List<String> update(UnaryOperator<List<String>> change) throws IOException {
        return APPEND.update(file, GroupCommitTest::parse, new ArrayList<>(), change, GroupCommitTest::bytes);
    }

    @Test
    void aChangeThatThrowsFailsOnlyItsOwnCaller() throws Exception {
        Gate gate = new Gate();
        Caller a = start("A", gate.append("A"));
        gate.awaitEntered();
        IllegalStateException refusal = new IllegalStateException("B refuses");
        Caller b = queue("B", ids -> {
            throw refusal;
        });
        Caller c = queue("C", append("C"));

        gate.release();

        assertThat(b.failure()).isSameAs(refusal);
        assertThat(a.result()).containsExactly("A");
        assertThat(c.result()).containsExactly("A", "C");
        assertThat(readIds()).containsExactly("A", "C");
        assertThat(commits()).isEqualTo(1);
        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::outcome).containsExactlyInAnyOrder(
                CallCompleted.Outcome.SUCCESS, CallCompleted.Outcome.SUCCESS, CallCompleted.Outcome.FAILED);
        assertThat(events.of(CallCompleted.class)).filteredOn(call -> call.outcome() == CallCompleted.Outcome.FAILED)
                .singleElement().satisfies(call -> assertThat(call.failure()).isSameAs(refusal));
    }

    @Test
    void aSerializerThatFailsFailsOnlyItsOwnCaller() throws Exception {
        Gate gate = new Gate();
        Caller a = start("A", gate.append("A"));
        gate.awaitEntered();
        IllegalArgumentException unwritable = new IllegalArgumentException("B cannot be written");
        Caller b = queue("B", GroupCommitTest::parse, append("B"), ids -> {
            throw unwritable;
        });
        Caller c = queue("C", append("C"));

        gate.release();

        assertThat(b.failure()).isSameAs(unwritable);
        assertThat(a.result()).containsExactly("A");
        assertThat(c.result()).as("C's change got the content without B's").containsExactly("A", "C");
        assertThat(readIds()).containsExactly("A", "C");
        assertThat(commits()).isEqualTo(1);
    }

    @Test
    void theLeadersOwnFailingChangeFailsOnlyTheLeader() throws Exception {
        Gate gate = new Gate();
        IllegalStateException refusal = new IllegalStateException("A refuses");
        Caller a = start("A", ids -> {
            gate.append("A").apply(ids);
            throw refusal;
        });
        gate.awaitEntered();
        Caller b = queue("B", append("B"));
        Caller c = queue("C", append("C"));

        gate.release();

        assertThat(a.failure()).isSameAs(refusal);
        assertThat(b.result()).containsExactly("B");
        assertThat(c.result()).containsExactly("B", "C");
        assertThat(readIds()).containsExactly("B", "C");
        assertThat(commits()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseChangesAllFailWritesNothing() throws Exception {
        Files.writeString(file, "before");
        Gate gate = new Gate();
        Caller a = start("A", ids -> {
            gate.append("A").apply(ids);
            throw new IllegalStateException("A refuses");
        });
        gate.awaitEntered();
        Caller b = queue("B", ids -> {
            throw new IllegalStateException("B refuses");
        });

        gate.release();

        assertThat(a.failure()).hasMessage("A refuses");
        assertThat(b.failure()).hasMessage("B refuses");
        assertThat(Files.readString(file)).isEqualTo("before");
        assertThat(commits()).isZero();
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    @SuppressWarnings("try")
    void whenTheBatchsCallFailsTheLeaderGetsTheFailureAndTheOthersUpdateAlone() throws Exception {
        AtomicBoolean fsyncFailed = new AtomicBoolean();
        Gate gate = new Gate();
        AtomicInteger leaderCalls = new AtomicInteger();
        IllegalStateException refusal = new IllegalStateException("A refuses on its second attempt");
        AtomicInteger bCalls = new AtomicInteger();
        // Backoffs on virtual time; lock waits real, since B and C then take turns on the lock.
        try (EngineTime.Installed time = EngineTime.install(TestTime.of(new RecordingSleeper(), FixedRandom.returning(0.0)));
                FaultSeam.Installed seam = FaultSeam.install((step, operation, target) -> {
                    if (step == FaultSeam.Step.TEMP_FSYNC && target.endsWith(file.getFileName())
                            && fsyncFailed.compareAndSet(false, true)) {
                        throw new FileSystemException(target.toString(), null, "Device or resource busy");
                    }
                })) {
            Caller a = start("A", ids -> {
                if (leaderCalls.incrementAndGet() > 1) {
                    throw refusal;
                }
                return gate.append("A").apply(ids);
            });
            gate.awaitEntered();
            Caller b = queue("B", ids -> {
                bCalls.incrementAndGet();
                return append("B").apply(ids);
            });
            Caller c = queue("C", append("C"));

            gate.release();

            assertThat(a.failure()).isSameAs(refusal);
            assertThat(b.result()).last().isEqualTo("B");
            assertThat(c.result()).last().isEqualTo("C");
        }
        assertThat(fsyncFailed).isTrue();
        assertThat(bCalls).as("B's change: in the batch's first attempt, then alone").hasValue(2);
        assertThat(readIds()).containsExactlyInAnyOrder("B", "C");
        assertThat(commits()).as("B and C, each alone").isEqualTo(2);
        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::outcome).containsExactlyInAnyOrder(
                CallCompleted.Outcome.FAILED, CallCompleted.Outcome.SUCCESS, CallCompleted.Outcome.SUCCESS);
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void aChangeThatFailsAsTheRetryWouldRetryRunsAgainAloneAfterTheBatch() throws Exception {
        Gate gate = new Gate();
        Caller a = start("A", gate.append("A"));
        gate.awaitEntered();
        AtomicInteger calls = new AtomicInteger();
        Caller b = queue("B", ids -> {
            if (calls.incrementAndGet() == 1) {
                throw new UncheckedIOException(new IOException("B's source is busy"));
            }
            ids.add("B");
            return ids;
        });
        Caller c = queue("C", append("C"));

        gate.release();

        assertThat(b.result()).containsExactly("A", "C", "B");
        assertThat(calls).hasValue(2);
        assertThat(a.result()).containsExactly("A");
        assertThat(c.result()).containsExactly("A", "C");
        assertThat(readIds()).containsExactly("A", "C", "B");
        assertThat(commits()).as("the batch, then B alone").isEqualTo(2);
        assertThat(events.of(RetryScheduled.class)).as("B's failure in the batch, retried as its first attempt's")
                .singleElement().satisfies(retry -> {
                    assertThat(retry.attempt()).isEqualTo(1);
                    assertThat(retry.failure()).hasMessageContaining("B's source is busy");
                });
        assertThat(events.of(CallCompleted.class)).filteredOn(call -> call.attempts() == 2)
                .as("B's call: the attempt in the batch, then its own").singleElement()
                .satisfies(call -> assertThat(call.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS_AFTER_RETRY));
    }

    @Test
    void aParserThatRejectsTheBatchsContentRunsItsUpdateAloneOnTheFile() throws Exception {
        Gate gate = new Gate();
        Caller a = start("A", gate.append("A"));
        gate.awaitEntered();
        AtomicInteger parses = new AtomicInteger();
        Caller b = queue("B", in -> {
            List<String> ids = parse(in);
            if (parses.incrementAndGet() == 1) {
                throw new IOException("B's parser rejects " + ids);
            }
            return ids;
        }, append("B"), GroupCommitTest::bytes);
        Caller c = queue("C", append("C"));

        gate.release();

        assertThat(b.result()).containsExactly("A", "C", "B");
        assertThat(c.result()).containsExactly("A", "C");
        assertThat(readIds()).containsExactly("A", "C", "B");
        assertThat(commits()).isEqualTo(2);
    }

    @Test
    void aThreadThatHoldsTheLockUpdatesAloneInsteadOfWaitingForABatchThatWaitsForIt() throws Exception {
        FileOperation patient = FileOperation.named("GroupCommitTest.patient", ResilientIoConfig.from(Map.of(),
                Map.of("resilientio.GroupCommitTest.patient.lock.timeout", "60s")));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch batchWaits = new CountDownLatch(1);
        CountDownLatch holderUpdated = new CountDownLatch(1);
        Caller holder = new Caller("holder", () -> {
            FileLockHandle lock = FileLocks.acquire(file, LockMode.EXCLUSIVE, WITHIN);
            try {
                locked.countDown();
                assertThat(batchWaits.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
                List<String> mine = patient.update(file, GroupCommitTest::parse, new ArrayList<>(), append("holder"),
                        GroupCommitTest::bytes);
                holderUpdated.countDown();
                return mine;
            } finally {
                lock.close();
            }
        });
        assertThat(locked.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // A batch starts and waits for the lock the holder holds; then the holder updates the same file.
        Caller leader = new Caller("leader", () -> patient.update(file, GroupCommitTest::parse, new ArrayList<>(),
                append("leader"), GroupCommitTest::bytes));
        awaitParked(leader);
        batchWaits.countDown();

        assertThat(holderUpdated.await(10, TimeUnit.SECONDS)).as("the holder's update ended without waiting for"
                + " the batch that waits for its lock (60 s)").isTrue();
        assertThat(holder.result()).containsExactly("holder");
        assertThat(leader.result()).containsExactly("holder", "leader");
    }

    @Test
    void aCallerInterruptedBeforeItsChangeIsTakenWithdrawsIt() throws Exception {
        Gate gate = new Gate();
        Caller a = start("A", gate.append("A"));
        gate.awaitEntered();
        Caller b = queue("B", append("B"));

        b.thread.interrupt();

        assertThat(b.failure()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("changed nothing");
        assertThat(b.interruptedAtEnd).as("B's interrupt flag after the update").isTrue();
        gate.release();
        assertThat(a.result()).containsExactly("A");
        assertThat(readIds()).containsExactly("A");
    }

    @Test
    void aCallerInterruptedAfterItsChangeWasTakenGetsItsResultAndKeepsTheFlag() throws Exception {
        Gate gateA = new Gate();
        Caller a = start("A", gateA.append("A"));
        gateA.awaitEntered();
        Gate gateB = new Gate();
        Caller b = queue("B", gateB.append("B"));
        gateA.release();
        gateB.awaitEntered();

        b.thread.interrupt();
        gateB.release();

        assertThat(b.result()).containsExactly("A", "B");
        assertThat(b.interruptedAtEnd).isTrue();
        assertThat(a.result()).containsExactly("A");
        assertThat(readIds()).containsExactly("A", "B");
        assertThat(commits()).isEqualTo(1);
    }

    // ---- helpers ----

    private Caller start(String id, UnaryOperator<List<String>> change) {
        return start(id, GroupCommitTest::parse, change, GroupCommitTest::bytes);
    }

    private Caller start(String id, IoFunction<InputStream, List<String>> parser, UnaryOperator<List<String>> change,
            IoFunction<List<String>, byte[]> serializer) {
        return new Caller(id, () -> APPEND.update(file, parser, new ArrayList<>(), change, serializer));
    }

    /** Starts a caller and waits until it waits, queued behind the batch that runs. */
    private Caller queue(String id, UnaryOperator<List<String>> change) throws InterruptedException {
        return queue(id, GroupCommitTest::parse, change, GroupCommitTest::bytes);
    }

    private Caller queue(String id, IoFunction<InputStream, List<String>> parser, UnaryOperator<List<String>> change,
            IoFunction<List<String>, byte[]> serializer) throws InterruptedException {
        Caller caller = start(id, parser, change, serializer);
        awaitParked(caller);
        return caller;
    }

    private static void awaitParked(Caller caller) throws InterruptedException {
        long end = System.nanoTime() + WITHIN.toNanos();
        while (caller.thread.getState() != Thread.State.TIMED_WAITING && caller.thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime() - end).as("%s waits", caller.thread.getName()).isNegative();
            Thread.sleep(1);
        }
    }

    private int commits() {
        return (int) events.of(AtomicWriteCommitted.class).stream()
                .filter(commit -> commit.target().toAbsolutePath().normalize().endsWith(file.getFileName())).count();
    }

    private List<String> readIds() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    static List<String> parse(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return text.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(text.split("\n")));
    }

    static byte[] bytes(List<String> ids) {
        return String.join("\n", ids).getBytes(StandardCharsets.UTF_8);
    }

    /** Appends an id to the list it is given, in place. */
    static UnaryOperator<List<String>> append(String id) {
        return ids -> {
            ids.add(id);
            return ids;
        };
    }

    /** Holds a change inside its batch until released, so that others queue meanwhile. */
    private static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        UnaryOperator<List<String>> append(String id) {
            return ids -> {
                entered.countDown();
                try {
                    assertThat(released.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("released").isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError("the gate's change was interrupted", e);
                }
                ids.add(id);
                return ids;
            };
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("the change entered").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    /** A step of a caller's thread that returns the ids. */
    @FunctionalInterface
    private interface Step {
        List<String> run() throws Exception;
    }

    /** One caller on its own thread, named for its id. */
    private final class Caller {
        final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile List<String> result;
        private volatile Throwable failure;
        volatile boolean interruptedAtEnd;

        Caller(String name, Step step) {
            thread = new Thread(() -> {
                try {
                    result = step.run();
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    interruptedAtEnd = Thread.currentThread().isInterrupted();
                    done.countDown();
                }
            }, name);
            callers.add(this);
            thread.start();
        }

        List<String> result() throws InterruptedException {
            await();
            if (failure != null) {
                throw new AssertionError(thread.getName() + " failed", failure);
            }
            return result;
        }

        Throwable failure() throws InterruptedException {
            await();
            assertThat(failure).as("%s's failure (it returned %s)", thread.getName(), result).isNotNull();
            return failure;
        }

        private void await() throws InterruptedException {
            assertThat(done.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("%s ended", thread.getName()).isTrue();
        }
    }
}
