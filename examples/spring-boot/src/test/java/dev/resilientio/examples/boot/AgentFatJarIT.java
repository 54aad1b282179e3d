package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.examples.boot.support.FatJarProcess;
import dev.resilientio.examples.boot.support.TallyScenarios;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot 4 fat jar run as a user runs it under the agent: {@code java
 * -javaagent:resilient-io-agent.jar -jar resilient-io-example-spring-boot.jar}, two instances on one
 * data directory, driven over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentFatJarIT {

    private static final Path JAR = Path.of(System.getProperty("example.jar"));
    private static final Path AGENT = Path.of(System.getProperty("example.agent"));

    /** Start-up fails, with a failure analysis, if any annotated bean method is not woven. */
    private static final String WEAVING_CHECK = "--resilientio.weaving-check=fail";

    @TempDir
    static Path data;

    private FatJarProcess first;
    private FatJarProcess second;

    @BeforeAll
    void startTwoInstancesUnderTheAgent() throws Exception {
        List<String> agent = List.of("-javaagent:" + AGENT);
        first = FatJarProcess.launch("agent-first", JAR, agent, "--example.data-dir=" + data, WEAVING_CHECK);
        second = FatJarProcess.launch("agent-second", JAR, agent, "--example.data-dir=" + data, WEAVING_CHECK);
        first.awaitServing();
        second.awaitServing();
        System.out.printf("under the agent: started in %d ms and %d ms%n", first.startedIn().toMillis(),
                second.startedIn().toMillis());
    }

    @AfterAll
    void stopInstances() throws Exception {
        FatJarProcess.closeAll(first, second);
    }

    @Test
    void appendsFromThreadsAndProcessesOverTwoInstancesAreNeverLost() throws Exception {
        TallyScenarios.appendsFromThreadsAndProcessesAllLand(List.of(first, second), data, "shared", 2, 3, 20);
    }

    @Test
    void retriedSaveIsLoggedAtWarnThroughLogback() throws Exception {
        TallyScenarios.retriedAppendLogsWarn(first, data, "flaky", 2, 3);
    }

    @Test
    void applicationAspectStaysASpringProxyUnderTheAgent() throws Exception {
        TallyScenarios.applicationAspectCountsEachCallOnce(second, "counted", 10);
    }

    @Test
    void fatJarCarriesNoAspectsSoTheAgentDidTheWeaving() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.stream().map(JarEntry::getName)).as("the fat jar's entries")
                    .noneMatch(name -> name.contains("resilient-io-aspects"))
                    .anyMatch(name -> name.startsWith("BOOT-INF/lib/resilient-io-annotations"));
        }
    }

    @Test
    void actuatorShowsTheStoreMethodsWoven() throws Exception {
        TallyScenarios.storeMethodsAreWoven(second);
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        TallyScenarios.listensOnLoopbackOnly(first);
    }
}
