package dev.resilientio.test;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.seam.FaultSeam;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension of the test kit. For each test it installs a fresh {@link VirtualTime}
 * as the engine's time and a fresh {@link FileFaults} as its fault seam, resets every circuit breaker
 * of the JVM (so no test inherits one that another opened), and resolves parameters of the types
 * {@link VirtualTime}, {@link FileFaults} and {@link RecordedEvents} (in a test method, or in a
 * {@code @BeforeEach} or {@code @AfterEach} method, all sharing the test's instances). After the
 * test, whether it passed or not, it restores the engine's real time, removes the seam and the
 * event listener and resets the breakers again; a test that passed then fails if a fault set up was
 * not used ({@link FileFaults#verifyAllUsed()}), unless {@code @ResilientIoTest(strictFaults = false)}.
 *
 * <pre>{@code
 * @ExtendWith(ResilientIoExtension.class)     // or @ResilientIoTest, which also keeps such tests apart
 * class TaskStoreTest {
 *     @Test
 *     void retriesBusyTwiceThenSucceeds(@TempDir Path dir, FileFaults faults, VirtualTime time) throws IOException {
 *         Path file = dir.resolve("tasks.json");
 *         faults.failNextAttempts(file, 2, FileFaults.busy());
 *         new TaskStore().save(file, "a");
 *         assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), time.sleeps());
 *     }
 * }
 * }</pre>
 *
 * <p>The engine's time, seam and breakers are the JVM's: two tests that use this extension must not
 * run at the same time. The second to start fails with a message saying so; under JUnit's parallel
 * execution, {@link ResilientIoTest} keeps them apart with the resource lock {@value #ENGINE}.
 */
public final class ResilientIoExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /**
     * The name of the resource that tests using the engine's time and seam hold, for
     * {@code @ResourceLock(ResilientIoExtension.ENGINE)} under JUnit's parallel execution.
     */
    public static final String ENGINE = "dev.resilientio.engine";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ResilientIoExtension.class);

    /** The test that has the engine now, by its unique id; {@code null} between tests. */
    private static final AtomicReference<String> RUNNING = new AtomicReference<>();

    /** Created by JUnit, from {@code @ExtendWith} or {@link ResilientIoTest}. */
    public ResilientIoExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String test = context.getUniqueId();
        String other = RUNNING.compareAndExchange(null, test);
        if (other != null) {
            throw new ExtensionConfigurationException("resilient-io: " + context.getDisplayName() + " started while another"
                    + " test that uses ResilientIoExtension runs (" + other + "). The engine's time, fault seam and"
                    + " circuit breakers are one per JVM, so such tests must run one at a time: annotate them with"
                    + " @ResilientIoTest (it takes the resource lock \"" + ENGINE + "\"), or @Isolated, or run them"
                    + " without JUnit's parallel execution.");
        }
        PerTest state = new PerTest(test);
        context.getStore(NAMESPACE).put(PerTest.class, state);
        state.install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PerTest state = context.getStore(NAMESPACE).remove(PerTest.class, PerTest.class);
        if (state == null) {
            return;
        }
        try {
            if (context.getExecutionException().isEmpty() && strictFaults(context)) {
                state.faults.verifyAllUsed();
            }
        } finally {
            state.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualTime.class || type == FileFaults.class || type == RecordedEvents.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PerTest state = context.getStore(NAMESPACE).get(PerTest.class, PerTest.class);
        Class<?> type = parameter.getParameter().getType();
        if (state == null) {
            throw new ParameterResolutionException("resilient-io: a " + type.getSimpleName() + " belongs to one test;"
                    + " take it as a parameter of a @Test, @BeforeEach or @AfterEach method, not of "
                    + parameter.getDeclaringExecutable());
        }
        if (type == VirtualTime.class) {
            return state.time;
        }
        if (type == FileFaults.class) {
            return state.faults;
        }
        return state.events();
    }

    /** The nearest {@code @ResilientIoTest}, from the test method out to its classes; strict without one. */
    private static boolean strictFaults(ExtensionContext context) {
        for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
            Optional<AnnotatedElement> element = at.get().getElement();
            Optional<ResilientIoTest> settings = AnnotationSupport.findAnnotation(element, ResilientIoTest.class);
            if (settings.isPresent()) {
                return settings.get().strictFaults();
            }
        }
        return true;
    }

    /** What one test installed; closed once, in the reverse order. */
    private static final class PerTest {
        private final String test;
        final VirtualTime time = new VirtualTime();
        final FileFaults faults = new FileFaults();
        private EngineTime.Installed timeInstalled;
        private FaultSeam.Installed seamInstalled;
        private RecordedEvents events;
        private ResilientIoEvents.Registration listening;

        PerTest(String test) {
            this.test = test;
        }

        void install() {
            BreakerRegistry.shared().resetAll();
            timeInstalled = EngineTime.install(time);
            seamInstalled = FaultSeam.install(faults);
        }

        /** The test's events, recorded from the first time it asks for them. */
        synchronized RecordedEvents events() {
            if (events == null) {
                events = new RecordedEvents();
                listening = ResilientIoEvents.register(events);
            }
            return events;
        }

        void close() {
            try {
                synchronized (this) {
                    if (listening != null) {
                        listening.close();
                    }
                }
                if (seamInstalled != null) {
                    seamInstalled.close();
                }
                // While the test's time is still installed: a breaker it opened closes on the same clock.
                BreakerRegistry.shared().resetAll();
            } finally {
                if (timeInstalled != null) {
                    timeInstalled.close();
                }
                RUNNING.compareAndSet(test, null);
            }
        }
    }
}
