package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.examples.JvmProcess;
import dev.resilientio.examples.kotlin.KotlinTaskApp;
import dev.resilientio.examples.kotlin.TaskStore;
import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.kotlin.KotlinModule;

/**
 * The Kotlin example as kotlinc compiled it (no ajc) runs under the shaded agent jar in child JVMs,
 * which start children of their own with the same agent: several processes adding tasks at once
 * lose none, and a writer killed mid-save never leaves a torn file.
 */
class KotlinExampleUnderAgentIT {

    @TempDir
    Path dir;

    @Test
    void stressUnderTheAgentKeepsEveryTaskOfEveryProcess() throws Exception {
        AgentJvm.Finished stress = AgentJvm.run(logs("stress"), classPath(), KotlinTaskApp.class.getName(), "stress",
                dir.resolve("tasks.json").toString(), "3", "10");

        assertThat(stress.exitCode()).as(stress.describe()).isZero();
        assertThat(stress.stdout()).as(stress.describe()).contains("kotlin task store: 30 of 30 tasks present");
    }

    @Test
    void writerKilledMidSaveUnderTheAgentLeavesAWholeFile() throws Exception {
        Path crash = Files.createDirectories(dir.resolve("crash"));

        AgentJvm.Finished killed = AgentJvm.run(logs("crash"), classPath(), KotlinTaskApp.class.getName(), "crash",
                crash.toString(), "5");

        assertThat(killed.exitCode()).as(killed.describe()).isZero();
        assertThat(killed.stdout()).as(killed.describe()).contains("tasks.json whole after 5 of 5 kills (")
                .doesNotContain("(0 mid-save)").contains("temps remaining: 0");
    }

    @Test
    void withoutTheAgentTheExampleStopsAtItsWeavingCheck() throws Exception {
        AgentJvm.Finished unwoven = AgentJvm.runWithoutAgent(logs("unwoven"), classPath(),
                KotlinTaskApp.class.getName(), "list", dir.resolve("tasks.json").toString());

        assertThat(unwoven.exitCode()).as(unwoven.describe()).isEqualTo(1);
        assertThat(unwoven.stderr()).contains(TaskStore.class.getName());
    }

    /** The example's runtime dependencies from the plain jar, and no AspectJ. */
    private static List<Path> classPath() throws ClassNotFoundException {
        assertThat(AgentJvm.codeSource(KotlinTaskApp.class).getFileName()).hasToString("resilient-io-examples-plain.jar");
        assertThat(Stream.concat(Stream.of(TaskStore.class.getDeclaredMethods()),
                Stream.of(TaskStore.class.getDeclaredFields())).map(Member::getName))
                .as("members ajc would have added").noneMatch(name -> name.contains("ajc$"));
        return Stream.of(KotlinTaskApp.class, JvmProcess.class, ResilientFiles.class, AtomicWrite.class,
                        JsonMapper.class, JsonParser.class, JsonFormat.class, KotlinModule.class, kotlin.Unit.class,
                        Class.forName("kotlin.reflect.full.KClasses"), ch.qos.logback.classic.Logger.class,
                        ch.qos.logback.core.Appender.class, org.slf4j.Logger.class)
                .map(AgentJvm::codeSource).distinct().toList();
    }

    private Path logs(String name) throws java.io.IOException {
        return Files.createDirectories(dir.resolve("logs-" + name));
    }
}
