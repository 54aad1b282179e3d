package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.examples.ResilientTaskStore;
import dev.resilientio.examples.TaskApp;
import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java example, compiled by plain javac (no ajc), runs its stress demo under the shaded agent
 * jar: its start-up weaving check passes, and several processes adding tasks at once lose none.
 */
class ExampleUnderAgentIT {

    private static final int PROCESSES = 3;
    private static final int TASKS = 10;

    @TempDir
    Path dir;

    @Test
    void stressDemoUnderTheAgentKeepsEveryTaskOfEveryProcess() throws Exception {
        assertThat(AgentJvm.codeSource(TaskApp.class).getFileName()).hasToString("resilient-io-examples-plain.jar");
        assertThat(Stream.concat(Stream.of(ResilientTaskStore.class.getDeclaredMethods()),
                Stream.of(ResilientTaskStore.class.getDeclaredFields())).map(Member::getName))
                .as("members ajc would have added").noneMatch(name -> name.contains("ajc$"));
        // The example's runtime dependencies, and no AspectJ.
        List<Path> classPath = Stream.of(TaskApp.class, ResilientFiles.class, AtomicWrite.class, JsonMapper.class,
                        JsonParser.class, JsonFormat.class, ch.qos.logback.classic.Logger.class,
                        ch.qos.logback.core.Appender.class, org.slf4j.Logger.class)
                .map(AgentJvm::codeSource).distinct().toList();
        Path logs = Files.createDirectories(dir.resolve("logs"));

        AgentJvm.Finished stress = AgentJvm.run(logs, classPath, TaskApp.class.getName(), "stress",
                "--processes", String.valueOf(PROCESSES), "--tasks", String.valueOf(TASKS),
                "--file", dir.resolve("tasks.json").toString());

        assertThat(stress.exitCode()).as(stress.describe()).isZero();
        assertThat(stress.stdout()).as(stress.describe())
                .contains("annotated store: " + PROCESSES * TASKS + " of " + PROCESSES * TASKS + " tasks present");
    }
}
