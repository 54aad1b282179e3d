package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.examples.boot.support.FatJarProcess;
import dev.resilientio.examples.boot.support.TallyClient;
import dev.resilientio.examples.boot.support.TallyScenarios;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * resilient-io's settings written as Spring properties reach the engine through the starter: the
 * profile {@code tuned} (application-tuned.yml: {@code resilientio.retry.max-attempts: 5}, and 7 for
 * the operation {@code TallyStore.add}) changes what the retries do and what the actuator endpoint
 * shows, and a bad value on the command line stops the jar with a failure analysis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsFatJarIT {

    private static final Path JAR = Path.of(System.getProperty("example.jar"));

    @TempDir
    static Path data;

    private FatJarProcess tuned;
    private FatJarProcess refused;

    @BeforeAll
    void start() throws Exception {
        refused = FatJarProcess.launch("settings-refused", JAR, List.of(), "--example.data-dir=" + data,
                "--resilientio.retry.max-attempts=0");
        tuned = FatJarProcess.launch("settings-tuned", JAR, List.of(), "--example.data-dir=" + data,
                "--spring.profiles.active=tuned");
        tuned.awaitServing();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (tuned != null) {
                tuned.close();
            }
        } finally {
            if (refused != null) {
                refused.close();
            }
        }
    }

    @Test
    void perOperationMaxAttemptsFromApplicationYmlGovernsTheRetries() throws Exception {
        HttpResponse<String> response = new TallyClient().add(tuned.baseUri(), "seven", "sixth-time-lucky", 6);

        assertThat(response.statusCode()).as("answer: %s", response.body()).isEqualTo(200);
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThat(tuned.awaitLines(TallyScenarios.warnLine(tuned.pid(), "TallyStore.add", attempt, 7),
                    Duration.ofSeconds(10))).as("WARN of attempt %d/7 in:\n%s", attempt, tuned.output()).hasSize(1);
        }
        assertThat(TallyClient.entriesOnDisk(data.resolve("seven.json"))).containsExactly("sixth-time-lucky");
    }

    @Test
    void globalMaxAttemptsFromApplicationYmlGovernsTheOtherOperations() throws Exception {
        TallyClient client = new TallyClient();

        HttpResponse<String> saved = client.put(tuned.baseUri(), "five", List.of("kept"), 4);
        HttpResponse<String> exhausted = client.put(tuned.baseUri(), "five", List.of("never"), 5);

        assertThat(saved.statusCode()).as("answer: %s", saved.body()).isEqualTo(200);
        assertThat(exhausted.statusCode()).as("five failures of five attempts: %s", exhausted.body()).isEqualTo(500);
        assertThat(tuned.awaitLines(Pattern.compile("TallyStore\\.save failed on attempt 5/5 on \\S+five\\.json, giving up"),
                Duration.ofSeconds(10))).as("the exhausted save's WARN in:\n%s", tuned.output()).hasSize(1);
        assertThat(TallyClient.entriesOnDisk(data.resolve("five.json"))).as("what the exhausted save left")
                .containsExactly("kept");
        // The first save retried 4 times, the second 4 times before giving up on its fifth.
        assertThat(tuned.lines().stream().filter(line -> line.contains("TallyStore.save failed on attempt 4/5"))
                .count()).isEqualTo(2);
    }

    @Test
    void actuatorEndpointShowsTheSettingsFromApplicationYml() throws Exception {
        Map<String, Map<String, Object>> operations = TallyScenarios.operations(tuned);

        assertThat(settings(operations, "TallyStore.add")).containsEntry("maxAttempts", 7)
                .containsEntry("initialDelay", "10ms");
        assertThat(settings(operations, "TallyStore.save")).containsEntry("maxAttempts", 5)
                .containsEntry("initialDelay", "10ms");
        assertThat(settings(operations, "TallyStore.load")).containsEntry("maxAttempts", 5);
        System.out.println("/actuator/resilientio under the profile tuned: " + operations);
    }

    @Test
    void badValueOnTheCommandLineStopsTheJarWithAFailureAnalysis() throws Exception {
        int exit = refused.awaitExit(Duration.ofSeconds(120));

        String output = refused.output();
        assertThat(exit).as("exit code; output:\n%s", output).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("resilientio.retry.max-attempts='0'")
                .contains("is not allowed: expected a whole number from 1");
        System.out.println("--resilientio.retry.max-attempts=0: exit " + exit + ", "
                + output.substring(output.indexOf("APPLICATION FAILED TO START")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(Map<String, Map<String, Object>> operations, String operation) {
        assertThat(operations).containsKey(operation);
        return (Map<String, Object>) operations.get(operation).get("settings");
    }
}
