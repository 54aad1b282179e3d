package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.internal.Seam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension's own contract: small test classes (the nested fixtures, which Surefire does not run
 * itself) run through the JUnit Platform, their outcomes read back.
 */
class ResilientIoExtensionTest {

    /** What the fixtures saw, by name; fixtures run one at a time, on the caller's thread. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void anUnusedFaultFailsATestThatPassedNamingTheFault() {
        Map<String, Throwable> results = run(UnusedFault.class);

        assertThat(results.get("setsAFaultOnAnotherFile")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FileFaults: 1 fault was set up and not used")
                .hasMessageContaining("other.json");
    }

    @Test
    void strictFaultsFalseLetsAFaultGoUnusedOnAClassOrAMethod() {
        assertThat(run(LenientClass.class)).containsEntry("setsAFaultOnAnotherFile", null);
        assertThat(run(LenientMethod.class)).containsEntry("lenient", null).containsKey("strict")
                .hasEntrySatisfying("strict", failure -> assertThat(failure).isInstanceOf(AssertionError.class));
    }

    @Test
    void aTestThatFailsIsNotAlsoBlamedForItsUnusedFaults() {
        assertThat(run(FailingWithUnusedFault.class).get("fails")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the test's own failure").hasNoSuppressedExceptions();
    }

    @Test
    void theTestsInstancesAreFreshPerTestSharedWithItsSetUpAndRemovedAfterEvenWhenItFails() {
        Map<String, Throwable> results = run(SharedInstances.class);

        assertThat(results).containsEntry("first", null);
        assertThat(results.get("second")).hasMessage("fails after looking");
        assertThat(SEEN.get("first.time")).isSameAs(SEEN.get("first.setUpTime")).isInstanceOf(VirtualTime.class);
        assertThat(SEEN.get("first.faults")).isSameAs(SEEN.get("first.setUpFaults"));
        assertThat(SEEN.get("second.time")).isNotSameAs(SEEN.get("first.time"));
        assertThat(SEEN.get("first.installedTime")).isSameAs(SEEN.get("first.time"));
        assertThat(EngineTime.current().isSystem()).as("the real time again").isTrue();
        assertThat(Seam.installed()).as("no seam left").isFalse();
        assertThat(ResilientIoEvents.listeners()).as("no recorder left").noneMatch(RecordedEvents.class::isInstance);
    }

    @Test
    void aParameterOutsideOfATestIsRefusedWithTheReason() {
        assertThat(run(ParameterInBeforeAll.class).get("ParameterInBeforeAll"))
                .hasMessageContaining("a VirtualTime belongs to one test; take it as a parameter of a @Test, @BeforeEach"
                        + " or @AfterEach method");
    }

    @Test
    @ExtendWith(ResilientIoExtension.class)
    void aSecondTestThatStartsWhileOneRunsFailsSayingTheyMustTakeTurns() {
        Throwable refused = run(UnusedFault.class).get("setsAFaultOnAnotherFile");

        assertThat(refused).hasMessageContaining("started while another test that uses ResilientIoExtension runs")
                .hasMessageContaining("@ResilientIoTest (it takes the resource lock \"dev.resilientio.engine\")");
        assertThat(EngineTime.current()).as("this test's time, untouched by the refused one").isInstanceOf(VirtualTime.class);
    }

    @Test
    void everyBreakerIsResetBeforeAndAfterTheTest() {
        Trips trips = new Trips();
        assertThat(catchThrowable(() -> trips.fail(Path.of("share.txt")))).isInstanceOf(IOException.class);
        assertThat(BreakerRegistry.shared().find(Trips.BREAKER).state()).as("opened before the test").isEqualTo("OPEN");

        assertThat(run(OpensABreaker.class)).containsEntry("opens", null);

        assertThat(SEEN).containsEntry("state at start", "CLOSED").containsEntry("state at end", "OPEN");
        assertThat(BreakerRegistry.shared().find(Trips.BREAKER).state()).as("after the test").isEqualTo("CLOSED");
    }

    /**
     * Runs a fixture class; returns each test's or container's failure by its method or class name
     * ({@code null} for a success).
     */
    private static Map<String, Throwable> run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build();
        Map<String, Throwable> results = new ConcurrentHashMap<>();
        List<String> successes = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                // A method's name without its parameters, a nested class's without its outer class.
                String name = test.getDisplayName().replaceAll("\\(.*\\)$", "").replaceAll("^.*\\$", "");
                if (result.getThrowable().isPresent()) {
                    results.put(name, result.getThrowable().get());
                } else if (test.isTest()) {
                    successes.add(name);
                }
            }
        });
        Map<String, Throwable> all = new HashMap<>(results);
        successes.forEach(name -> all.put(name, null));
        return all;
    }

    @ResilientIoTest
    static class UnusedFault {
        @Test
        void setsAFaultOnAnotherFile(FileFaults faults) {
            faults.failNextAttempts(Path.of("other.json"), 1, FileFaults.busy());
        }
    }

    @ResilientIoTest(strictFaults = false)
    static class LenientClass {
        @Test
        void setsAFaultOnAnotherFile(FileFaults faults) {
            faults.failNextAttempts(Path.of("other.json"), 1, FileFaults.busy());
        }
    }

    @ExtendWith(ResilientIoExtension.class)
    static class LenientMethod {
        @Test
        @ResilientIoTest(strictFaults = false)
        void lenient(FileFaults faults) {
            faults.failNextAttempts(Path.of("other.json"), 1, FileFaults.busy());
        }

        @Test
        void strict(FileFaults faults) {
            faults.failNextAttempts(Path.of("other.json"), 1, FileFaults.busy());
        }
    }

    @ResilientIoTest
    static class FailingWithUnusedFault {
        @Test
        void fails(FileFaults faults) {
            faults.failNextAttempts(Path.of("other.json"), 1, FileFaults.busy());
            throw new IllegalStateException("the test's own failure");
        }
    }

    @ResilientIoTest
    static class SharedInstances {
        private VirtualTime setUpTime;
        private FileFaults setUpFaults;

        @BeforeEach
        void setUp(VirtualTime time, FileFaults faults) {
            setUpTime = time;
            setUpFaults = faults;
        }

        @Test
        void first(VirtualTime time, FileFaults faults, RecordedEvents events) {
            SEEN.put("first.time", time);
            SEEN.put("first.setUpTime", setUpTime);
            SEEN.put("first.faults", faults);
            SEEN.put("first.setUpFaults", setUpFaults);
            SEEN.put("first.installedTime", EngineTime.current());
            assertThat(ResilientIoEvents.listeners()).contains(events);
        }

        @Test
        void second(VirtualTime time, RecordedEvents events) {
            SEEN.put("second.time", time);
            throw new IllegalStateException("fails after looking");
        }
    }

    @ResilientIoTest
    static class ParameterInBeforeAll {
        @BeforeAll
        static void tooEarly(VirtualTime time) {
            // never called
        }

        @Test
        void test() {
            // never run
        }
    }

    /** Woven by ajc in this module's build. */
    static class Trips {
        static final String BREAKER = "kit-extension-test";

        @FileCircuitBreaker(name = BREAKER, failureThreshold = 1)
        void fail(Path file) throws IOException {
            throw new IOException("Input/output error on " + file);
        }
    }

    @ResilientIoTest
    static class OpensABreaker {
        @Test
        void opens() {
            SEEN.put("state at start", BreakerRegistry.shared().find(Trips.BREAKER).state());
            catchThrowable(() -> new Trips().fail(Path.of("share.txt")));
            SEEN.put("state at end", BreakerRegistry.shared().find(Trips.BREAKER).state());
        }
    }
}
