package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.examples.boot.support.FatJarProcess;
import dev.resilientio.examples.boot.support.TallyScenarios;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot 4 example woven at compile time with resilient-io's aspect only ({@code
 * <xmlConfigured>}), run as a plain {@code java -jar}, no agent: resilient-io's annotations work, and
 * the application's own {@code @Aspect} stays a Spring AOP bean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompileTimeWovenFatJarIT {

    private static final Path JAR = Path.of(System.getProperty("example.jar"));

    /** Start-up fails, with a failure analysis, if any annotated bean method is not woven. */
    private static final String WEAVING_CHECK = "--resilientio.weaving-check=fail";

    @TempDir
    static Path data;

    private FatJarProcess first;
    private FatJarProcess second;

    @BeforeAll
    void startTwoInstancesWithoutAgent() throws Exception {
        first = FatJarProcess.launch("ctw-first", JAR, List.of(), "--example.data-dir=" + data, WEAVING_CHECK);
        second = FatJarProcess.launch("ctw-second", JAR, List.of(), "--example.data-dir=" + data, WEAVING_CHECK);
        first.awaitServing();
        second.awaitServing();
        System.out.printf("woven at compile time: started in %d ms and %d ms%n", first.startedIn().toMillis(),
                second.startedIn().toMillis());
    }

    @AfterAll
    void stopInstances() throws Exception {
        try {
            if (first != null) {
                first.close();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
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
        TallyScenarios.retriedAppendLogsWarn(second, data, "flaky", 2, 3);
    }

    @Test
    void appendsFromThreadsAndProcessesOverTwoInstancesAreNeverLost() throws Exception {
        TallyScenarios.appendsFromThreadsAndProcessesAllLand(List.of(first, second), data, "shared", 2, 3, 20);
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
