package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.Temps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressDemoTest {

    private static final int PROCESSES = 3;
    private static final int TASKS = 10;
    /** Each process: one load before the start, then per task the add's lock and its nested load's and save's. */
    private static final int LOCKS_EACH = 1 + 3 * TASKS;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void annotatedStoreKeepsEveryTaskThatThreeProcessesAddAtOnce() throws Exception {
        Path file = dir.resolve("tasks.json");

        StressDemo.Result result = StressDemo.run(StoreKind.ANNOTATED, file, PROCESSES, TASKS, out());

        assertThat(result.present()).isEqualTo(30);
        assertThat(result.lost()).isZero();
        List<Task> tasks = TaskJson.parse(Files.readAllBytes(file));
        assertThat(tasks).hasSize(30);
        assertThat(tasks).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(printed()).startsWith("annotated store: 30 of 30 tasks present (");
    }

    @Test
    void eachProcessReportsItsLockWaitsAndTheDemoSumsThemUp() throws Exception {
        StressDemo.Result result = StressDemo.run(StoreKind.ANNOTATED, dir.resolve("tasks.json"), PROCESSES, TASKS,
                out());

        assertThat(result.lockWaits().sorted()).containsOnlyKeys(
                new LockWaits.Key("ResilientTaskStore.add", LockMode.EXCLUSIVE),
                new LockWaits.Key("ResilientTaskStore.load", LockMode.SHARED),
                new LockWaits.Key("ResilientTaskStore.save", LockMode.EXCLUSIVE));
        assertThat(result.lockWaits().count()).isEqualTo(PROCESSES * LOCKS_EACH);
        assertThat(result.recordedLockWaits()).isNull();
        assertThat(printed().lines().skip(1)).hasSize(4)
                .first().asString().matches("  lock waits, as a ResilientIoListener in each process saw them: 93;"
                        + " p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms, max \\d+\\.\\d ms");
        assertThat(printed().lines().skip(2)).satisfiesExactly(
                line -> assertThat(line).matches("    LockAcquired ResilientTaskStore.add EXCLUSIVE waited \\d+\\.\\d ms"
                        + " +the longest of 30 \\(p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms\\)"),
                line -> assertThat(line).matches("    LockAcquired ResilientTaskStore.load SHARED waited \\d+\\.\\d ms"
                        + " +the longest of 33 \\(.*\\)"),
                line -> assertThat(line).matches("    LockAcquired ResilientTaskStore.save EXCLUSIVE waited \\d+\\.\\d ms"
                        + " +the longest of 30 \\(.*\\)"));
    }

    @Test
    void plainStoreReportsNoLockWait() throws Exception {
        StressDemo.Result result = StressDemo.run(StoreKind.PLAIN, dir.resolve("tasks.json"), 2, 5, out());

        assertThat(result.lockWaits().count()).isZero();
        assertThat(printed().lines()).singleElement().asString().startsWith("plain store: ");
    }

    @Test
    void flightRecordingsOfTheProcessesHoldEveryLockWaitWithItsDuration() throws Exception {
        Path recordings = dir.resolve("recordings");
        Files.createDirectories(recordings);

        StressDemo.Result result = StressDemo.run(StoreKind.ANNOTATED, dir.resolve("tasks.json"), PROCESSES, TASKS,
                recordings, out());

        List<RecordedEvent> lockWaits = new ArrayList<>();
        for (int worker = 1; worker <= PROCESSES; worker++) {
            Path recording = recordings.resolve("stress-worker-" + worker + ".jfr");
            List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                    .filter(event -> event.getEventType().getName().equals("dev.resilientio.LockWait")).toList();
            assertThat(events).as("lock waits in %s", recording).hasSize(LOCKS_EACH);
            lockWaits.addAll(events);
        }
        assertThat(lockWaits).allSatisfy(event -> {
            assertThat(event.getBoolean("acquired")).isTrue();
            assertThat(event.getDuration()).isPositive();
            // Begun before the wait's clock starts, ended after it stops: it spans the wait, up to the two clocks' drift.
            Duration waited = event.getDuration("waited");
            assertThat(event.getDuration()).as("the event's own duration")
                    .isGreaterThanOrEqualTo(waited.minus(waited.dividedBy(100)).minusMillis(1));
        });
        // The same waits, to the nanosecond, as the listeners in the processes saw them.
        Map<LockWaits.Key, List<Long>> recorded = new TreeMap<>(
                Comparator.comparing(LockWaits.Key::operation).thenComparing(LockWaits.Key::mode));
        for (RecordedEvent event : lockWaits) {
            recorded.computeIfAbsent(new LockWaits.Key(event.getString("operation"),
                    LockMode.valueOf(event.getString("mode"))), key -> new ArrayList<>()).add(event.getLong("waited"));
        }
        recorded.replaceAll((key, waits) -> waits.stream().sorted().toList());
        assertThat(recorded).isEqualTo(result.lockWaits().sorted());
        assertThat(result.recordingsMatch()).isTrue();
        assertThat(printed()).contains("  JFR: 93 dev.resilientio.LockWait events in " + recordings
                + "/stress-worker-*.jfr, the same waits as above; see them with: jfr print --events"
                + " dev.resilientio.LockWait " + recordings.resolve("stress-worker-1.jfr"));
    }

    private PrintStream out() {
        return new PrintStream(printed, true, StandardCharsets.UTF_8);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
