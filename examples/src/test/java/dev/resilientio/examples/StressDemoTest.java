package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.Temps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressDemoTest {

    @TempDir
    Path dir;

    @Test
    void annotatedStoreKeepsEveryTaskThatThreeProcessesAddAtOnce() throws Exception {
        Path file = dir.resolve("tasks.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        StressDemo.Result result = StressDemo.run(StoreKind.ANNOTATED, file, 3, 10,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.present()).isEqualTo(30);
        assertThat(result.lost()).isZero();
        List<Task> tasks = TaskJson.parse(Files.readAllBytes(file));
        assertThat(tasks).hasSize(30);
        assertThat(tasks).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("annotated store: 30 of 30 tasks present (");
    }
}
