package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.examples.boot.support.FatJarProcess;
import dev.resilientio.examples.boot.support.TallyClient;
import dev.resilientio.examples.boot.support.TallyScenarios;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot 4 example woven at compile time with resilient-io's aspect only ({@code
 * <xmlConfigured>}), run as a plain {@code java -jar}, no agent: resilient-io's annotations work, and
 * the application's own {@code @Aspect} stays a Spring AOP bean. Two instances share one data
 * directory; the second runs with the profile {@code tuned} (application-tuned.yml:
 * {@code resilientio.retry.max-attempts: 5}, 7 for the operation {@code TallyStore.add}), whose
 * settings reach the engine through the starter; a third start with a bad value on the command line
 * stops with a failure analysis. (One class, so that the instances start once and side by side.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompileTimeWovenFatJarIT {

    private static final Path JAR = Path.of(System.getProperty("example.jar"));

    /** Start-up fails, with a failure analysis, if any annotated bean method is not woven. */
    private static final String WEAVING_CHECK = "--resilientio.weaving-check=fail";

    @TempDir
    static Path data;

    private FatJarProcess first;
    private FatJarProcess tuned;
    private FatJarProcess refused;

    @BeforeAll
    void startTwoInstancesWithoutAgent() throws Exception {
        refused = FatJarProcess.launch("ctw-refused", JAR, List.of(), "--example.data-dir=" + data,
                "--resilientio.retry.max-attempts=0");
        first = FatJarProcess.launch("ctw-first", JAR, List.of(), "--example.data-dir=" + data, WEAVING_CHECK);
        tuned = FatJarProcess.launch("ctw-tuned", JAR, List.of(), "--example.data-dir=" + data, WEAVING_CHECK,
                "--spring.profiles.active=tuned");
        first.awaitServing();
        tuned.awaitServing();
        System.out.printf("woven at compile time: started in %d ms and %d ms%n", first.startedIn().toMillis(),
                tuned.startedIn().toMillis());
    }

    @AfterAll
    void stopInstances() throws Exception {
        FatJarProcess.closeAll(first, tuned, refused);
    }

    @Test
    void ajcWovenTheStoreButLeftTheApplicationAspectToSpring() {
        // What ajc adds: an aspect's singleton and aspectOf() (it made the class an AspectJ aspect, which Spring
        // then skips), and join point fields in a woven class.
        assertThat(ajcMembers(ServiceCallCounter.class)).as("ajc members of the application's aspect").isEmpty();
        assertThat(ajcMembers(TallyStore.class)).as("ajc members of the annotated store").isNotEmpty();
    }

    @Test
    void applicationAspectCountsExactlyOneCallPerRequest() throws Exception {
        TallyScenarios.applicationAspectCountsEachCallOnce(first, "counted", 20);
    }

    @Test
    void retriedSaveIsLoggedAtWarnThroughLogback() throws Exception {
        TallyScenarios.retriedAppendLogsWarn(first, data, "flaky", 2, 3);
    }

    @Test
    void appendsFromThreadsAndProcessesOverTwoInstancesAreNeverLost() throws Exception {
        TallyScenarios.appendsFromThreadsAndProcessesAllLand(List.of(first, tuned), data, "shared", 2, 3, 20);
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

    private static List<String> ajcMembers(Class<?> type) {
        Stream<Member> members = Stream.concat(Stream.<Field>of(type.getDeclaredFields()),
                Stream.<Method>of(type.getDeclaredMethods()));
        return members.map(Member::getName)
                .filter(name -> name.startsWith("ajc$") || name.equals("aspectOf"))
                .toList();
    }

    @Test
    void actuatorShowsTheStoreMethodsWoven() throws Exception {
        TallyScenarios.storeMethodsAreWoven(first);
    }
}
