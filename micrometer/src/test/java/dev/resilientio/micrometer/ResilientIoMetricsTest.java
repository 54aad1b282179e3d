package dev.resilientio.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.events.LockLost;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meters of real engine calls on real files, as a {@link SimpleMeterRegistry} holds them: each call
 * counted once by its outcome, lock waits between real threads, durable atomic writes, a breaker that
 * opens, a read served by a backup. Backoffs and open durations pass on virtual time.
 */
class ResilientIoMetricsTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path temp;

    private Path dir;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ResilientIoMetrics metrics = new ResilientIoMetrics();

    @BeforeEach
    void bind() throws IOException {
        dir = temp.toRealPath();
        metrics.bindTo(registry);
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    private RequiredSearch meter(String name, String operation) {
        return registry.get(name).tag("operation", operation);
    }

    private double calls(String operation, String outcome) {
        return meter(ResilientIoMetrics.CALLS, operation).tag("outcome", outcome).counter().count();
    }

    /** One breaker per name per JVM: each test names its own. */
    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    @Test
    void aDurableWriteCountsOneSuccessAndTimesItsLockWaitAndItsCommit() throws IOException {
        ResilientFiles.writeText(dir.resolve("tasks.json"), "[]");

        assertThat(calls("ResilientFiles.writeText", "success")).isEqualTo(1.0);
        assertThat(registry.find(ResilientIoMetrics.CALLS).tag("outcome", "failed").counters()).isEmpty();
        Timer lock = meter(ResilientIoMetrics.LOCK_WAIT, "ResilientFiles.writeText").tag("mode", "exclusive")
                .tag("outcome", "acquired").timer();
        assertThat(lock.count()).as("the free lock's wait, of 0").isEqualTo(1);
        Timer commit = meter(ResilientIoMetrics.ATOMIC_COMMIT, "ResilientFiles.writeText").timer();
        assertThat(commit.count()).isEqualTo(1);
        assertThat(commit.totalTime(TimeUnit.NANOSECONDS)).as("the temp's write, fsyncs and rename took time").isPositive();
        assertThat(registry.get(ResilientIoMetrics.CALLS).counter().getId().getDescription()).isNotBlank();
        assertThat(registry.get(ResilientIoMetrics.CALLS).counter().getId().getBaseUnit()).isEqualTo("calls");
        assertThat(commit.getId().getDescription()).isNotBlank();
    }

    @Test
    @SuppressWarnings("try") // the resources install a time or a fault for their block
    void aWriteThatSucceedsAfterTwoBusyAttemptsCountsOneSuccessAfterRetry() throws IOException {
        Path file = dir.resolve("tasks.json");
        RecordingSleeper backoffs = new RecordingSleeper();

        try (EngineTime.Installed time = EngineTime.install(TestTime.virtual(backoffs));
                FaultSeam.Installed busy = FailingAttempts.on(file, 2, "Device or resource busy")) {
            ResilientFiles.writeText(file, "[]");
        }

        assertThat(backoffs.requested()).as("two backoffs, on virtual time").hasSize(2);
        assertThat(calls("ResilientFiles.writeText", "success_after_retry")).isEqualTo(1.0);
        assertThat(registry.find(ResilientIoMetrics.CALLS).tag("outcome", "success").counters()).isEmpty();
        assertThat(meter(ResilientIoMetrics.ATOMIC_COMMIT, "ResilientFiles.writeText").timer().count())
                .as("only the third attempt committed").isEqualTo(1);
    }

    @Test
    void aMissingFileCountsOneFailedCall() {
        assertThatThrownBy(() -> ResilientFiles.readText(dir.resolve("missing.json"))).isInstanceOf(NoSuchFileException.class);

        assertThat(calls("ResilientFiles.readText", "failed")).isEqualTo(1.0);
        assertThat(meter(ResilientIoMetrics.LOCK_WAIT, "ResilientFiles.readText").tag("mode", "shared").timer().count())
                .isEqualTo(1);
    }

    @Test
    @SuppressWarnings("try") // the resources install a time or a fault for their block
    void aBreakerThatOpensGetsItsGaugesAndItsRefusalsAreCounted() throws IOException {
        String breaker = unique("mm-share");
        String operation = unique("MetricsTest.save");
        config.set("resilientio." + breaker + ".circuit-breaker.failure-threshold", "1");
        config.set("resilientio." + breaker + ".circuit-breaker.open-duration", "30s");
        config.set("resilientio." + operation + ".retry.max-attempts", "1");
        FileOperation save = FileOperation.named(operation).withCircuitBreaker(breaker);
        Path file = dir.resolve("tasks.json");
        byte[] content = "[]".getBytes(StandardCharsets.UTF_8);
        TestTime time = TestTime.virtual(new RecordingSleeper());

        try (EngineTime.Installed installed = EngineTime.install(time)) {
            assertThat(registry.find(ResilientIoMetrics.CIRCUIT_STATE).tag("breaker", breaker).gauges())
                    .as("no gauge before the breaker exists").isEmpty();
            try (FaultSeam.Installed unwell = FailingAttempts.on(file, 1, "Input/output error")) {
                assertThat(catchThrowable(() -> save.write(file, content))).isInstanceOf(FileSystemException.class);
            }
            assertThat(catchThrowable(() -> save.write(file, content))).isInstanceOf(FileCircuitOpenException.class);

            assertThat(states(breaker)).isEqualTo("closed=0 open=1 half_open=0");
            assertThat(calls(operation, "failed")).isEqualTo(1.0);
            assertThat(calls(operation, "refused_by_breaker")).isEqualTo(1.0);

            // Past the open duration the next call is a trial: the breaker is half-open until a second success closes it.
            time.advance(Duration.ofSeconds(31));
            save.write(file, content);
            assertThat(states(breaker)).as("read at each scrape").isEqualTo("closed=0 open=0 half_open=1");
            save.write(file, content);
            assertThat(states(breaker)).isEqualTo("closed=1 open=0 half_open=0");
        }
        assertThat(calls(operation, "success")).isEqualTo(2.0);
    }

    private String states(String breaker) {
        StringBuilder states = new StringBuilder();
        for (String state : new String[] {"closed", "open", "half_open"}) {
            double value = registry.get(ResilientIoMetrics.CIRCUIT_STATE).tag("breaker", breaker).tag("state", state)
                    .gauge().value();
            states.append(states.length() == 0 ? "" : " ").append(state).append('=').append((int) value);
        }
        return states.toString();
    }

    @Test
    void aBreakerThatExistsWhenBoundShowsAtOnceAsClosed() throws IOException {
        String breaker = unique("mm-existing");
        FileOperation.named(unique("MetricsTest.write")).withCircuitBreaker(breaker)
                .write(dir.resolve("tasks.json"), new byte[] {'1'});
        MeterRegistry later = new SimpleMeterRegistry();

        try (ResilientIoMetrics bound = new ResilientIoMetrics()) {
            bound.bindTo(later);

            assertThat(later.get(ResilientIoMetrics.CIRCUIT_STATE).tag("breaker", breaker).tag("state", "closed")
                    .gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource installs a time for its block
    void aLockHeldByAnotherThreadIsTimedUntilItIsReleased() throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");

        try (HeldLock held = HeldLock.hold(file, LockMode.EXCLUSIVE)) {
            // Released once this thread has found the lock taken and paused.
            try (EngineTime.Installed time = EngineTime.install(new SignallingTime(held::release))) {
                ResilientFiles.withLock(file, LockMode.EXCLUSIVE, () -> null);
            }
        }

        Timer waits = meter(ResilientIoMetrics.LOCK_WAIT, "ResilientFiles.withLock").tag("mode", "exclusive")
                .tag("outcome", "acquired").timer();
        assertThat(waits.count()).as("the holder's wait and the waiter's").isEqualTo(2);
        assertThat(waits.max(TimeUnit.NANOSECONDS)).as("the waiter's").isPositive();
        assertThat(calls("ResilientFiles.withLock", "success")).isEqualTo(2.0);
    }

    /** The real time, which runs an action when a lock wait pauses: the lock was found taken. */
    private static final class SignallingTime extends EngineTime {

        private final Runnable paused;

        SignallingTime(Runnable paused) {
            this.paused = paused;
        }

        @Override
        public long nanoTime() {
            return SYSTEM.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            SYSTEM.sleep(duration);
        }

        @Override
        public void pause(Duration duration) throws InterruptedException {
            paused.run();
            SYSTEM.pause(duration);
        }

        @Override
        public RandomGenerator random() {
            return SYSTEM.random();
        }
    }

    @Test
    @SuppressWarnings("try") // the resource installs a time for its block
    void aLockWaitThatTimesOutIsTimedAsTimedOut() throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");
        config.set("resilientio.ResilientFiles.withLock.lock.timeout", "2s");

        try (HeldLock held = HeldLock.hold(file, LockMode.SHARED);
                EngineTime.Installed time = EngineTime.install(TestTime.virtual(new RecordingSleeper()))) {
            assertThatThrownBy(() -> ResilientFiles.withLock(file, LockMode.EXCLUSIVE, () -> null))
                    .isInstanceOf(FileLockTimeoutException.class);
        }

        Timer timedOut = meter(ResilientIoMetrics.LOCK_WAIT, "ResilientFiles.withLock").tag("mode", "exclusive")
                .tag("outcome", "timed_out").timer();
        assertThat(timedOut.count()).isEqualTo(1);
        assertThat(timedOut.totalTime(TimeUnit.MILLISECONDS)).as("the timeout, on virtual time").isGreaterThanOrEqualTo(2000);
        assertThat(meter(ResilientIoMetrics.LOCK_WAIT, "ResilientFiles.withLock").tag("mode", "shared")
                .tag("outcome", "acquired").timer().count()).as("the holder's").isEqualTo(1);
        assertThat(calls("ResilientFiles.withLock", "failed")).isEqualTo(1.0);
    }

    /** {@code [1,2]} cut short by a crash, its backup {@code [1]}, both written by real atomic writes. */
    private Path tornWithABackup() throws IOException {
        config.set("resilientio.atomic.backups", "1");
        Path file = dir.resolve("tasks.json");
        ResilientFiles.writeText(file, "[1]");
        ResilientFiles.writeText(file, "[1,2]");
        Files.writeString(file, "[1,2", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aReadServedByABackupCountsOneRecovery() throws Throwable {
        Path file = tornWithABackup();

        Object read = Woven.call(new TaskReader(), "load", file);

        assertThat(read).isEqualTo("[1]");
        assertThat(meter(ResilientIoMetrics.BACKUP_RECOVERIES, "TaskReader.load").counter().count()).isEqualTo(1.0);
        assertThat(calls("TaskReader.load", "success")).isEqualTo(1.0);
    }

    @Test
    void aWriteWhoseLockAcrossHostsWasLostCountsOne() {
        // The engine publishes it only under a lock provider across hosts (resilient-io-zookeeper's tests
        // make it happen for real); here the event alone reaches the meter.
        metrics.feed().onEvent(new LockLost("TaskStore.save", dir.resolve("tasks.json"), 42,
                "its lock node is gone: the ZooKeeper session that held it expired"));

        assertThat(meter(ResilientIoMetrics.LOCK_LOST, "TaskStore.save").counter().count()).isEqualTo(1.0);
    }

    @Test
    void noTagHoldsAFilePath() throws Throwable {
        Path file = tornWithABackup();
        ResilientFiles.readText(file);
        Woven.call(new TaskReader(), "load", file);
        catchThrowable(() -> ResilientFiles.readText(dir.resolve("missing.json")));

        assertThat(registry.getMeters()).hasSizeGreaterThan(5);
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).as("tag %s of %s", tag.getKey(), meter.getId().getName())
                        .doesNotContain(dir.toString()).doesNotContain("tasks.json").doesNotContain("/");
            }
        }
    }

    @Test
    void closeStopsCountingAndRemovesTheListener() throws IOException {
        Path file = dir.resolve("tasks.json");
        ResilientFiles.writeText(file, "[1]");

        metrics.close();
        ResilientFiles.writeText(file, "[2]");

        assertThat(calls("ResilientFiles.writeText", "success")).isEqualTo(1.0);
        assertThat(ResilientIoEvents.listeners()).doesNotContain(metrics.feed());
        assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was closed").hasMessageContaining("create a new one");
    }

    @Test
    void twoRegistriesEachCountEveryCallAndOneBoundTwiceCountsOnce() throws IOException {
        MeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        metrics.bindTo(registry);

        ResilientFiles.writeText(dir.resolve("tasks.json"), "[]");

        assertThat(calls("ResilientFiles.writeText", "success")).isEqualTo(1.0);
        assertThat(second.get(ResilientIoMetrics.CALLS).tag("operation", "ResilientFiles.writeText")
                .tag("outcome", "success").counter().count()).isEqualTo(1.0);
        assertThat(ResilientIoEvents.listeners()).as("one listener for both").containsOnlyOnce(metrics.feed());
    }
}
