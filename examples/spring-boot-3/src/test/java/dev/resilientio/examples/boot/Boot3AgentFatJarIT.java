package dev.resilientio.examples.boot;

import dev.resilientio.examples.boot.support.FatJarProcess;
import dev.resilientio.examples.boot.support.TallyScenarios;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example built on Spring Boot 3.5 (Jackson 2) run under the agent: {@code java
 * -javaagent:resilient-io-agent.jar -jar resilient-io-example-spring-boot-3.jar}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Boot3AgentFatJarIT {

    private static final Path JAR = Path.of(System.getProperty("example.jar"));
    private static final Path AGENT = Path.of(System.getProperty("example.agent"));

    /** Start-up fails, with a failure analysis, if any annotated bean method is not woven. */
    private static final String WEAVING_CHECK = "--resilientio.weaving-check=fail";

    @TempDir
    static Path data;

    private FatJarProcess app;

    @BeforeAll
    void startUnderTheAgent() throws Exception {
        app = FatJarProcess.startServing("boot3-agent", JAR, List.of("-javaagent:" + AGENT),
                "--example.data-dir=" + data, WEAVING_CHECK);
        System.out.printf("Spring Boot 3.5 under the agent: started in %d ms%n", app.startedIn().toMillis());
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void retriedSaveIsLoggedAtWarnThroughLogback() throws Exception {
        TallyScenarios.retriedAppendLogsWarn(app, data, "flaky", 2, 3);
    }

    @Test
    void appendsFromThreadsAndAProcessAreNeverLost() throws Exception {
        TallyScenarios.appendsFromThreadsAndProcessesAllLand(List.of(app), data, "shared", 1, 2, 15);
    }

    @Test
    void applicationAspectStaysASpringProxyUnderTheAgent() throws Exception {
        TallyScenarios.applicationAspectCountsEachCallOnce(app, "counted", 5);
    }

    @Test
    void actuatorShowsTheStoreMethodsWoven() throws Exception {
        TallyScenarios.storeMethodsAreWoven(app);
    }
}
