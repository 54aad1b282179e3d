package dev.resilientio.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildJvm;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's WARNs reach the application's own logging when the engine's class loader sees no
 * SLF4J provider (under the agent, in a Spring Boot fat jar), and reach stderr through the JDK's
 * logging when there is no provider at all. Real child JVMs, whose class path holds the engine
 * without Logback.
 */
class EngineLoggingTest {

    /** The layout of the child's Logback configuration, which only Logback can print. */
    private static final String PATTERN = "logback %d{HH:mm:ss.SSS} [%thread] %-5level %logger -- %msg%n";
    private static final String LOGBACK_LINE = "logback \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[%s\\] WARN  dev\\.resilientio\\.core\\.retry\\.FileRetry -- %s failed on attempt 1/2 on shared/tasks\\.json, retrying in .*";

    @TempDir
    Path dir;

    @Test
    void warnsThroughTheLogbackOfTheContextClassLoaderWhenTheEnginesLoaderHasNoSlf4j() throws Exception {
        Output output = run("context", String.join(File.pathSeparator, jars("slf4j-api", "logback-classic", "logback-core")));

        assertThat(output.stdout).anySatisfy(line -> assertThat(line).matches(String.format(LOGBACK_LINE, "main", "LoggingChild\\.first")));
        assertThat(output.stderr).noneMatch(line -> line.contains("failed on attempt"));
    }

    @Test
    void aThreadWhoseContextLoaderIsTheSystemsUsesTheLogbackFoundBefore() throws Exception {
        Output output = run("pool", String.join(File.pathSeparator, jars("slf4j-api", "logback-classic", "logback-core")));

        assertThat(output.stdout).anySatisfy(line -> assertThat(line)
                .matches(String.format(LOGBACK_LINE, "pool-worker", "LoggingChild\\.onPoolThread")));
        assertThat(output.stderr).noneMatch(line -> line.contains("failed on attempt"));
    }

    @Test
    void withNoSlf4jProviderTheWarnReachesStderrThroughTheJdksLogging() throws Exception {
        Output output = run("none", null);

        assertThat(String.join("\n", output.stderr))
                .containsPattern("WARNING: LoggingChild\\.first failed on attempt 1/2 on shared/tasks\\.json, retrying in \\S+:"
                        + " java\\.nio\\.file\\.FileSystemException: shared/tasks\\.json: Resource temporarily unavailable");
        assertThat(output.stdout).noneMatch(line -> line.contains("failed on attempt"));
    }

    private Output run(String mode, String applicationJars) throws Exception {
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name='OUT' class='ch.qos.logback.core.ConsoleAppender'>"
                + "<encoder><pattern>" + PATTERN + "</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='OUT'/></root></configuration>");
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", engineClassPath(mode.equals("none")), LoggingChild.class.getName(), mode));
        if (applicationJars != null) {
            command.add(applicationJars);
        }
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        Output output = new Output(Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
        assertThat(child.exitValue()).as("exit code; stderr:\n%s", String.join("\n", output.stderr)).isZero();
        return output;
    }

    /**
     * The test class path without Logback, so that nothing the engine's class loader sees provides
     * SLF4J; with {@code slf4jApi}, SLF4J's API alone stays (a provider-less SLF4J).
     */
    private static String engineClassPath(boolean slf4jApi) {
        return Arrays.stream(ChildJvm.classPath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback"))
                .filter(entry -> slf4jApi || !entry.contains("slf4j"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<String> jars(String... names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            String jar = Arrays.stream(ChildJvm.classPath().split(File.pathSeparator))
                    .filter(entry -> Path.of(entry).getFileName().toString().startsWith(name + "-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not on the test class path"));
            found.add(jar);
        }
        return found;
    }

    private record Output(List<String> stdout, List<String> stderr) {
    }
}
