package dev.resilientio.test.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.weaving.InlinedAdvice;
import dev.resilientio.core.weaving.WeavingMarkers;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Which weaving this run of the example suite is meant to exercise (the system property that each of
 * the module's three Surefire runs sets), and a check that the class under test was woven that way
 * and no other: so a run whose class path or agent went wrong fails instead of testing another weaving.
 */
final class WeavingUnderTest {

    static final String PROPERTY = "resilientio.kit.weaving";

    private WeavingUnderTest() {
    }

    static String name() {
        String weaving = System.getProperty(PROPERTY);
        assertThat(weaving).as("the system property %s, set by each Surefire run of test-kit/pom.xml", PROPERTY)
                .isIn("ajc", "ltw", "agent");
        return weaving;
    }

    /** Fails unless the class's annotated methods were woven by this run's weaving, from the classes it is meant to weave. */
    static void assertWovenByThisRun(Class<?> type) {
        String weaving = name();
        String source = type.getProtectionDomain().getCodeSource().getLocation().toString();
        Method annotated = Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.getName().equals("save")).findFirst().orElseThrow();
        boolean aspectJ = WeavingMarkers.wovenByAspectJ(annotated);
        boolean agent = InlinedAdvice.isInstrumented(annotated);
        switch (weaving) {
            case "ajc" -> {
                assertThat(source).as("ajc's classes, not the plain ones").doesNotContain("-plain");
                assertThat(aspectJ).as("woven by ajc").isTrue();
                assertThat(agent).as("not by the agent").isFalse();
            }
            case "ltw" -> {
                assertThat(source).as("the plain javac classes").contains("-plain");
                assertThat(aspectJ).as("woven by aspectjweaver as they loaded").isTrue();
                assertThat(agent).as("not by the agent").isFalse();
            }
            default -> {
                assertThat(source).as("the plain javac classes").contains("-plain");
                assertThat(agent).as("instrumented by resilient-io's agent").isTrue();
                assertThat(aspectJ).as("not by AspectJ").isFalse();
                assertThat(aspectJOnClassPath()).as("AspectJ on the class path of the agent's run").isNull();
            }
        }
    }

    /** Where the class path's AspectJ runtime comes from, or {@code null} when there is none. */
    private static String aspectJOnClassPath() {
        try {
            Class<?> joinPoint = Class.forName("org.aspectj.lang.JoinPoint");
            return joinPoint.getName() + " from " + joinPoint.getProtectionDomain().getCodeSource() + " by "
                    + joinPoint.getClassLoader();
        } catch (ClassNotFoundException none) {
            return null;
        }
    }
}
