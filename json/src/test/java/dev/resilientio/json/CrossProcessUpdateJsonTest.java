package dev.resilientio.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.IncrementRace;
import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@link ResilientJson#updateJson} in four processes at once loses no update: the seeds' lost-update scenario. */
class CrossProcessUpdateJsonTest {

    private static final int CHILDREN = 4;
    private static final int INCREMENTS_EACH = 50;

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void updatesFromFourProcessesLoseNoIncrement() throws Exception {
        Path data = Files.createDirectory(tempDir.resolve("data"));
        Path file = data.resolve("counter.json");

        TreeMap<Integer, Integer> writers = IncrementRace.run(children, tempDir, JsonIncrementMain.class, file, CHILDREN,
                INCREMENTS_EACH);

        Counter counter = JsonMapper.builder().build().readValue(Files.readAllBytes(file), Counter.class);
        assertThat(counter.value()).isEqualTo(CHILDREN * INCREMENTS_EACH);
        assertThat(Temps.in(data)).as("temp files left in %s", data).isEmpty();
        System.out.printf("CrossProcessUpdateJsonTest: %d updateJson calls by %d processes, the lock changed process"
                + " %d times%n", CHILDREN * INCREMENTS_EACH, CHILDREN, IncrementRace.handovers(writers));
    }
}
