package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildJvm;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's JDK Flight Recorder events, recorded in this JVM around real work on real time (a
 * lock another thread holds, a durable write, a retry, a breaker opening, a backup read), dumped to
 * a file and read back as {@code jfr print} and JDK Mission Control read them.
 */
class JfrEventsTest {

    private static final Duration HELD = Duration.ofMillis(80);
    private static final AtomicInteger BREAKERS = new AtomicInteger();
    private static final List<String> NAMES = List.of("dev.resilientio.LockWait", "dev.resilientio.AtomicCommit",
            "dev.resilientio.Retry", "dev.resilientio.BackupRecovery", "dev.resilientio.CircuitTransition");

    @TempDir
    Path temp;

    private Path dir;
    private final ExecutorService holderThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "holder"));

    @BeforeEach
    void realDirectory() throws IOException {
        dir = temp.toRealPath();
        assertThat(Events.on()).as("nobody observes before the recording").isFalse();
    }

    @AfterEach
    void stopHolder() throws InterruptedException {
        holderThread.shutdownNow();
        assertThat(holderThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Records a lock held elsewhere and waited for here, a durable write, a retry, a breaker opening and a
     * backup read into {@code recorded}; returns how long the lock wait took, as its caller saw it.
     */
    private Duration recordEngineWork(Path file, Path recorded) throws Exception {
        try (Recording recording = new Recording()) {
            recording.setName("resilient-io test");
            recording.start();
            assertThat(noticed(Duration.ofSeconds(2))).as("how soon a site notices the recording (it asks every 100 ms)")
                    .isNotNull().isLessThan(Duration.ofSeconds(2));

            Duration waited = waitForLockHeldElsewhere(file);
            ResilientFiles.writeText(file, "{\"titles\":[]}");
            retryOnce(file);
            openBreaker(file);
            readFromBackup(dir.resolve("state.txt"));

            recording.stop();
            assertThat(Events.on()).as("a stopped recording turns them off").isFalse();
            recording.dump(recorded);
            return waited;
        }
    }

    @Test
    void aRecordingHoldsEachEngineStepWithItsFields() throws Exception {
        Path file = dir.resolve("tasks.json");
        Path recorded = dir.resolve("engine.jfr");

        Duration waited = recordEngineWork(file, recorded);

        List<RecordedEvent> events = RecordingFile.readAllEvents(recorded).stream()
                .filter(event -> event.getEventType().getName().startsWith("dev.resilientio.")).toList();
        RecordedEvent lockWait = events.stream().filter(event -> named(event, "LockWait")
                && event.getString("operation").equals("ResilientFiles.withLock")).findFirst().orElseThrow();
        assertThat(lockWait.getString("target")).isEqualTo(file.toString());
        assertThat(lockWait.getString("mode")).isEqualTo("EXCLUSIVE");
        assertThat(lockWait.getBoolean("acquired")).isTrue();
        assertThat(lockWait.getDuration()).as("the event spans the wait the caller saw")
                .isLessThanOrEqualTo(waited.plusMillis(1)).isGreaterThanOrEqualTo(HELD.dividedBy(2));
        assertThat(lockWait.getDuration("waited")).as("the engine's measure of the wait, within the event's span")
                .isBetween(lockWait.getDuration().minusMillis(50), lockWait.getDuration().plusMillis(1));
        assertThat(lockWait.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());

        RecordedEvent commit = events.stream().filter(event -> named(event, "AtomicCommit")
                && event.getString("target").equals(file.toString())).findFirst().orElseThrow();
        assertThat(commit.getString("operation")).isEqualTo("ResilientFiles.writeText");
        assertThat(commit.getLong("bytes")).isEqualTo("{\"titles\":[]}".length());
        assertThat(commit.getDuration("fsync")).isPositive();
        assertThat(commit.getDuration("directoryFsync")).isPositive();
        assertThat(commit.getDuration("rename")).isPositive();
        assertThat(commit.getDuration()).as("from the temp's creation to the end of the commit").isGreaterThanOrEqualTo(
                commit.getDuration("fsync").plus(commit.getDuration("rename")).plus(commit.getDuration("directoryFsync")));

        RecordedEvent retry = events.stream().filter(event -> named(event, "Retry")).findFirst().orElseThrow();
        assertThat(retry.getString("operation")).isEqualTo("Jfr.update");
        assertThat(retry.getInt("attempt")).isEqualTo(1);
        assertThat(retry.getInt("maxAttempts")).isEqualTo(3);
        assertThat(retry.getDuration("delay")).isEqualTo(Duration.ofMillis(1));
        assertThat(retry.getString("failure")).contains("Device or resource busy");

        RecordedEvent transition = events.stream().filter(event -> named(event, "CircuitTransition")).findFirst().orElseThrow();
        assertThat(transition.getString("breaker")).startsWith("jfr-");
        assertThat(transition.getString("from")).isEqualTo("CLOSED");
        assertThat(transition.getString("to")).isEqualTo("OPEN");
        assertThat(transition.getString("lastFailure")).contains("Device or resource busy");

        RecordedEvent recovery = events.stream().filter(event -> named(event, "BackupRecovery")).findFirst().orElseThrow();
        assertThat(recovery.getString("operation")).isEqualTo("Jfr.read");
        assertThat(recovery.getString("target")).isEqualTo(dir.resolve("state.txt").toString());
        assertThat(recovery.getString("backup")).isEqualTo(dir.resolve("state.txt.backup").toString());
        assertThat(recovery.getBoolean("restored")).isFalse();
        assertThat(recovery.getString("corruption")).contains("EOFException");
    }

    /**
     * Asks as an event's site does until the engine says it is observed: how long that took, or
     * {@code null} when {@code limit} passed first.
     */
    private static Duration noticed(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (!Events.observed()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                return null;
            }
            Thread.sleep(1);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Takes the lock on another thread, holds it {@link #HELD}, and waits for it here; returns how long the wait took. */
    @SuppressWarnings("try")
    private Duration waitForLockHeldElsewhere(Path file) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        Future<?> holder = holderThread.submit(() -> {
            try (FileLockHandle handle = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5))) {
                held.countDown();
                Thread.sleep(HELD.toMillis());
            }
            return null;
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        ResilientFiles.withLock(file, LockMode.EXCLUSIVE, () -> null);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        holder.get(10, TimeUnit.SECONDS);
        return waited;
    }

    private static FileOperation operation(String name, Map<String, String> properties) {
        return FileOperation.named(name, ResilientIoConfig.from(Map.of(), properties));
    }

    private static void retryOnce(Path file) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        operation("Jfr.update", Map.of("resilientio.retry.initial-delay", "1ms", "resilientio.retry.jitter", "0"))
                .update(file, stream -> "", "", value -> value, value -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new FileSystemException(file.toString(), null, "Device or resource busy");
                    }
                    return value.getBytes(StandardCharsets.UTF_8);
                });
    }

    private static void openBreaker(Path file) {
        // One breaker per name per JVM: each recording opens its own.
        String breaker = "jfr-" + BREAKERS.incrementAndGet();
        FileOperation failing = operation("Jfr.breaker", Map.of("resilientio.retry.max-attempts", "1",
                "resilientio." + breaker + ".circuit-breaker.failure-threshold", "1")).withCircuitBreaker(breaker);
        catchThrowable(() -> failing.update(file, stream -> "", "", value -> value, value -> {
            throw new FileSystemException(file.toString(), null, "Device or resource busy");
        }));
    }

    private static void readFromBackup(Path file) throws IOException {
        AtomicSettings oneBackup = new AtomicSettings(1, false, Durability.NONE);
        AtomicFileWriter.writeBytes(file, oneBackup, "good".getBytes(StandardCharsets.UTF_8));
        AtomicFileWriter.writeBytes(file, oneBackup, "torn".getBytes(StandardCharsets.UTF_8));
        operation("Jfr.read", Map.of()).read(file, stream -> {
            String content = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            if (content.equals("torn")) {
                throw new EOFException("content cut short");
            }
            return content;
        });
    }

    private static boolean named(RecordedEvent event, String simpleName) {
        return event.getEventType().getName().equals("dev.resilientio." + simpleName);
    }

    /**
     * A recording the JVM starts before the engine is loaded ({@code -XX:StartFlightRecording}, as
     * in production) turns the events on from the engine's first call.
     */
    @Test
    void aRecordingStartedWithTheJvmRecordsFromTheFirstCall() throws Exception {
        Path recorded = dir.resolve("child.jfr");
        Path written = dir.resolve("notes.txt");
        List<String> command = new ArrayList<>(ChildJvm.command(ServiceListenerMain.class, written.toString()));
        command.add(1, "-XX:StartFlightRecording=filename=" + recorded + ",dumponexit=true");
        Path log = dir.resolve("child.log");

        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        // Without JFR's own start-up lines, "[0.6s][info][jfr,startup] Started recording 1...".
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("[")).toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();

        assertThat(child.exitValue()).as("the child's exit code; its stderr: %s", Files.readString(log)).isZero();
        assertThat(lines).startsWith("ON true", "LISTENERS []").endsWith("DONE");
        List<RecordedEvent> events = RecordingFile.readAllEvents(recorded);
        assertThat(events).filteredOn(event -> event.getEventType().getName().startsWith("dev.resilientio."))
                .extracting(event -> event.getEventType().getName())
                .containsExactly("dev.resilientio.LockWait", "dev.resilientio.AtomicCommit");
    }

    /**
     * A recording started while a listener already observes the engine (a metrics binder, then
     * {@code jcmd JFR.start}) is noticed too: the engine does not stop looking for the recorder
     * because someone else observes it.
     */
    @Test
    void aRecordingStartedWhileAListenerObservesIsRecorded() throws Exception {
        Path recorded = dir.resolve("late.jfr");
        Path written = dir.resolve("notes.txt");
        Path log = dir.resolve("late.log");

        Process child = new ProcessBuilder(ChildJvm.command(LateRecordingMain.class, written.toString(),
                recorded.toString())).redirectError(log.toFile()).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("[")).toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();

        assertThat(child.exitValue()).as("the child's exit code; its stderr: %s", Files.readString(log)).isZero();
        assertThat(lines).endsWith("DONE");
        assertThat(RecordingFile.readAllEvents(recorded))
                .filteredOn(event -> event.getEventType().getName().startsWith("dev.resilientio."))
                .extracting(event -> event.getEventType().getName())
                .as("the locked write made while the recording ran")
                .containsExactly("dev.resilientio.LockWait", "dev.resilientio.AtomicCommit");
    }

    /** What JDK Mission Control shows: a label, a description and a category for each type, a label for each field. */
    @Test
    void eachEventTypeReadsWellInMissionControl() throws Exception {
        Path recorded = dir.resolve("types.jfr");
        recordEngineWork(dir.resolve("types.json"), recorded);
        List<EventType> types;
        try (RecordingFile file = new RecordingFile(recorded)) {
            types = file.readEventTypes().stream().filter(type -> type.getName().startsWith("dev.resilientio.")).toList();
        }

        assertThat(types).extracting(EventType::getName).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(types).allSatisfy(type -> {
            assertThat(type.getLabel()).as("label of %s", type.getName()).isNotBlank()
                    .isEqualTo(splitWords(type.getName().substring("dev.resilientio.".length())));
            assertThat(type.getDescription()).as("description of %s", type.getName()).isNotBlank();
            assertThat(type.getCategoryNames()).as("category of %s", type.getName()).hasSize(2).startsWith("resilient-io");
            for (ValueDescriptor field : type.getFields()) {
                assertThat(field.getLabel()).as("label of %s.%s", type.getName(), field.getName()).isNotBlank();
            }
        });
        assertThat(types).filteredOn(type -> type.getName().endsWith("LockWait") || type.getName().endsWith("AtomicCommit"))
                .as("the steps that take time keep where they were called from").allSatisfy(type ->
                        assertThat(type.getField("stackTrace")).isNotNull());
    }

    /** {@code LockWait} as Mission Control's title case: {@code Lock Wait}. */
    private static String splitWords(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2");
    }
}
