package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.IncrementMain;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CrossProcessUpdateTest {

    private static final int CHILDREN = 4;
    private static final int INCREMENTS_EACH = 100;
    private static final int TOTAL = CHILDREN * INCREMENTS_EACH;

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void concurrentUpdatesFromFourProcessesLoseNoIncrement() throws Exception {
        Path data = Files.createDirectory(tempDir.resolve("data"));
        Path file = data.resolve("counter.json");
        for (int i = 0; i < CHILDREN; i++) {
            children.start(tempDir.resolve("child-" + i + ".log"), IncrementMain.class,
                    file.toString(), String.valueOf(INCREMENTS_EACH));
        }
        List<RunningChild> started = children.started();
        for (RunningChild child : started) {
            child.expectLine("READY", Duration.ofSeconds(30));
        }

        for (RunningChild child : started) {
            child.send("GO");
        }
        // value written -> index of the child that wrote it
        TreeMap<Integer, Integer> writers = new TreeMap<>();
        for (int i = 0; i < CHILDREN; i++) {
            RunningChild child = started.get(i);
            for (int value : writtenValues(child)) {
                Integer earlier = writers.put(value, i);
                assertThat(earlier).as("value %d written by child %d and child %d: an update was lost", value, earlier, i)
                        .isNull();
            }
            child.expectLine("DONE", Duration.ofSeconds(10));
            assertThat(child.awaitExit(Duration.ofSeconds(10))).as("exit code of child %d", i).isZero();
        }

        Counter counter = JsonMapper.builder().build().readValue(Files.readAllBytes(file), Counter.class);
        assertThat(counter.value()).isEqualTo(TOTAL);
        assertThat(writers.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
        assertThat(Temps.in(data)).as("temp files left in %s", data).isEmpty();
        assertThat(FileLocks.lockFileFor(file)).as("the lock sidecar is never deleted").isRegularFile();
        System.out.printf("CrossProcessUpdateTest: %d increments by %d processes, the lock changed process %d times%n",
                TOTAL, CHILDREN, handovers(writers));
    }

    private static int[] writtenValues(RunningChild child) throws InterruptedException {
        String line = child.nextLine(Duration.ofSeconds(60));
        if (line == null || !line.startsWith("VALUES ")) {
            throw child.failure("printed '" + line + "' where VALUES was expected");
        }
        int[] values = Arrays.stream(line.substring("VALUES ".length()).split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(values).hasSize(INCREMENTS_EACH);
        return values;
    }

    private static int handovers(TreeMap<Integer, Integer> writers) {
        int changes = 0;
        Integer previous = null;
        for (Integer writer : writers.values()) {
            if (previous != null && !previous.equals(writer)) {
                changes++;
            }
            previous = writer;
        }
        return changes;
    }
}
