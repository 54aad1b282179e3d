package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.IoSupplier;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.pipeline.Call;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The breaker's states on virtual time, through a pipeline as every entry point builds it: nothing here sleeps. */
class CircuitBreakerTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    final LogCapture breakerLog = LogCapture.of(FileBreaker.class);

    private final RecordingSleeper backoffs = new RecordingSleeper();
    private final TestTime time = TestTime.virtual(backoffs);
    private final EngineTime.Installed installed = EngineTime.install(time);
    private final Path target = Path.of("/srv/share/tasks.json");
    private final AtomicInteger bodyRuns = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private String breaker;

    @BeforeEach
    void name(TestInfo test) {
        // One breaker per name per JVM: each test names its own.
        breaker = "cb-" + test.getTestMethod().orElseThrow().getName() + "-" + NAMES.incrementAndGet();
        ((Logger) LoggerFactory.getLogger(FileBreaker.class)).setLevel(Level.INFO);
    }

    @AfterEach
    void restore() throws InterruptedException {
        installed.close();
        ((Logger) LoggerFactory.getLogger(FileBreaker.class)).setLevel(null);
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private Pipeline pipeline(boolean retry, String... properties) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            values.put(properties[i], properties[i + 1]);
        }
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), values);
        SettingOverrides named = SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, breaker, "the test").build();
        Pipeline.Builder builder = Pipeline.builder(config.operation("Store.save"))
                .circuitBreaker(config.circuitBreaker("Store.save", named), "Store.save", config);
        return (retry ? builder.retry() : builder).build();
    }

    private String key(String suffix) {
        return "resilientio." + breaker + ".circuit-breaker." + suffix;
    }

    private Object call(Pipeline pipeline, IoSupplier<Object> body) throws Throwable {
        return new Call(pipeline, target, null) {
            @Override
            protected Object body() throws Throwable {
                bodyRuns.incrementAndGet();
                return body.get();
            }
        }.run();
    }

    private static IoSupplier<Object> failing(String reason) {
        return () -> {
            throw new IOException(reason);
        };
    }

    private static final IoSupplier<Object> OK = () -> "ok";

    private String state() {
        return BreakerRegistry.shared().find(breaker).state();
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesWithoutRunningTheBody() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "3");
        IOException last = new IOException("Stale file handle");

        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        assertThat(state()).as("two failures of three").isEqualTo("CLOSED");
        catchThrowable(() -> call(pipeline, () -> {
            throw last;
        }));
        Throwable refused = catchThrowable(() -> call(pipeline, OK));

        assertThat(state()).isEqualTo("OPEN");
        assertThat(bodyRuns).as("the refused call never ran").hasValue(3);
        assertThat(refused).isInstanceOf(FileCircuitOpenException.class)
                .hasMessageContaining("The circuit breaker '" + breaker + "' is open since")
                .hasMessageContaining("this call on /srv/share/tasks.json failed at once without touching the file")
                .hasMessageContaining("it lets a trial call through after")
                .hasMessageContaining("RESILIENT_IO_CIRCUIT_BREAKER_ENABLED=false");
        assertThat(refused.getCause()).as("a copy of the failure that opened it, not that failure")
                .isInstanceOf(OpeningFailure.class).isNotSameAs(last).hasToString("java.io.IOException: Stale file handle");
        assertThat(refused.getCause().getStackTrace()).isEqualTo(last.getStackTrace());
        FileCircuitOpenException open = (FileCircuitOpenException) refused;
        assertThat(Duration.between(open.openSince(), open.trialAt())).as("the default open duration").isEqualTo(Duration.ofSeconds(60));
        assertThat(breakerLog.warnings()).singleElement().asString()
                .contains("Circuit breaker " + breaker + " opened after 3 consecutive failures")
                .contains("Stale file handle").contains("fail at once for 1m");
    }

    @Test
    void theStatusShowsCountsThenSinceWhenOpenAndWhenATrialGoesThrough() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "2", key("open-duration"), "30s");
        FileBreaker created = BreakerRegistry.shared().find(breaker);

        call(pipeline, OK);
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        FileBreaker.Status closed = created.status();
        assertThat(closed.state()).isEqualTo("CLOSED");
        assertThat(closed.failedCalls()).isEqualTo(1);
        assertThat(closed.successfulCalls()).isEqualTo(1);
        assertThat(closed.openSince()).isNull();
        assertThat(closed.trialAfter()).isNull();
        assertThat(closed.openedBy()).isNull();

        catchThrowable(() -> call(pipeline, failing("Stale file handle")));
        FileBreaker.Status open = created.status();

        assertThat(open.name()).isEqualTo(breaker);
        assertThat(open.state()).isEqualTo("OPEN");
        assertThat(open.settings().failureThreshold()).isEqualTo(2);
        assertThat(open.failedCalls()).isEqualTo(2);
        assertThat(open.openSince()).isNotNull();
        assertThat(Duration.between(open.openSince(), open.trialAfter())).isEqualTo(Duration.ofSeconds(30));
        assertThat(open.openedBy()).isEqualTo("java.io.IOException: Stale file handle");
        assertThat(BreakerRegistry.shared().all()).contains(created)
                .isSortedAccordingTo(java.util.Comparator.comparing(b -> b.settings().name()));
        assertThat(BreakerRegistry.shared().all()).isUnmodifiable();
    }

    @Test
    void aSuccessResetsTheCountAndUncountedFailuresNeitherOpenNorReset() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "2");

        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        call(pipeline, OK);
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        assertThat(state()).as("a success between two failures").isEqualTo("CLOSED");
        catchThrowable(() -> call(pipeline, () -> {
            throw new NoSuchFileException(target.toString());
        }));
        catchThrowable(() -> call(pipeline, () -> {
            throw new IllegalStateException("a bug of the body");
        }));
        assertThat(state()).as("uncounted failures do not count").isEqualTo("CLOSED");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));

        assertThat(state()).as("two counted failures in a row, uncounted ones between them").isEqualTo("OPEN");
    }

    @Test
    void afterTheOpenDurationTrialCallsCloseItAgain() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "1", key("open-duration"), "10s",
                key("success-threshold"), "2");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        assertThat(state()).isEqualTo("OPEN");

        time.advance(Duration.ofSeconds(9));
        assertThat(catchThrowable(() -> call(pipeline, OK))).as("still open after 9s").isInstanceOf(FileCircuitOpenException.class);
        time.advance(Duration.ofMillis(1001));
        assertThat(call(pipeline, OK)).isEqualTo("ok");
        assertThat(state()).as("one successful trial of two").isEqualTo("HALF_OPEN");
        assertThat(call(pipeline, OK)).isEqualTo("ok");

        assertThat(state()).isEqualTo("CLOSED");
        assertThat(bodyRuns).hasValue(3);
        assertThat(breakerLog.events()).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .extracting(Object::toString)
                .anySatisfy(line -> assertThat(line).startsWith("(WARN").contains("opened after 1 consecutive failures"))
                .anySatisfy(line -> assertThat(line).startsWith("(INFO").contains("is half-open after 10s open")
                        .contains("up to 1 trial call(s)"))
                .anySatisfy(line -> assertThat(line).startsWith("(INFO").contains("closed after 2 of 2 successful trial calls"));
    }

    @Test
    void aFailedTrialOpensItAgainAtOnce() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "1", key("open-duration"), "10s",
                key("success-threshold"), "3");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        time.advance(Duration.ofMillis(10_001));
        call(pipeline, OK);

        IOException trialFailure = new IOException("Stale file handle");
        catchThrowable(() -> call(pipeline, () -> {
            throw trialFailure;
        }));

        assertThat(state()).as("one failed trial of three, not the rate of all three").isEqualTo("OPEN");
        Throwable refused = catchThrowable(() -> call(pipeline, OK));
        assertThat(refused).isInstanceOf(FileCircuitOpenException.class).cause().hasToString(trialFailure.toString());
        assertThat(breakerLog.warnings()).last().asString().contains("opened again: a trial call failed after 1 of 3");
    }

    @Test
    void aReleasedTrialPermissionIsNeitherSuccessNorFailureAndFreesItsPlace() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "1", key("open-duration"), "10s",
                key("success-threshold"), "1");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        time.advance(Duration.ofMillis(10_001));
        FileBreaker shared = BreakerRegistry.shared().find(breaker);

        FileBreaker.Permission cancelled = shared.acquire(target);
        Throwable second = catchThrowable(() -> shared.acquire(target));
        cancelled.released();
        FileBreaker.Permission next = shared.acquire(target);

        assertThat(second).as("the one trial place is taken").isInstanceOf(FileCircuitOpenException.class);
        assertThat(state()).as("the released trial closed nothing and opened nothing").isEqualTo("HALF_OPEN");
        next.succeeded();
        assertThat(state()).isEqualTo("CLOSED");
        assertThat(catchThrowable(next::released)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was ended already");
    }

    @Test
    void halfOpenLetsOnlyTheAllowedTrialCallsThroughAtOnce() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "1", key("open-duration"), "1s",
                key("success-threshold"), "2", key("half-open-max-calls"), "1");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        time.advance(Duration.ofMillis(1001));
        CountDownLatch inTrial = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<Object> first = pool.submit(() -> {
            try {
                return call(pipeline, () -> {
                    inTrial.countDown();
                    try {
                        assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("interrupted in the trial");
                    }
                    return "first";
                });
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(inTrial.await(10, TimeUnit.SECONDS)).isTrue();

        Throwable refused = catchThrowable(() -> call(pipeline, OK));
        finish.countDown();

        assertThat(refused).isInstanceOf(FileCircuitOpenException.class)
                .hasMessageContaining("is half-open").hasMessageContaining("another call is let through when a trial call ends");
        assertThat(((FileCircuitOpenException) refused).trialAt()).isNull();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(call(pipeline, OK)).as("the next trial, once the first ended").isEqualTo("ok");
        assertThat(state()).isEqualTo("CLOSED");
    }

    @Test
    void anOpenBreakerIsNotRetriedAndSpendsNoBackoffs() {
        Pipeline pipeline = pipeline(true, key("failure-threshold"), "5",
                "resilientio.Store.save.retry.max-attempts", "3", "resilientio.Store.save.retry.initial-delay", "1s",
                "resilientio.Store.save.retry.multiplier", "1", "resilientio.Store.save.retry.jitter", "0");
        AtomicInteger refusals = new AtomicInteger();

        for (int i = 0; i < 50; i++) {
            Throwable failure = catchThrowable(() -> call(pipeline, failing("Stale file handle")));
            if (failure instanceof FileCircuitOpenException) {
                refusals.incrementAndGet();
            }
        }

        // The first call spends its 3 attempts (2 backoffs of 1s) and gives up: 3 counted failures. The
        // second call's first attempt is the 4th failure (1 backoff), its second the 5th, which opens
        // the breaker: it ends there, with no wait for the third attempt the breaker would refuse. So 3
        // backoffs in all, and calls 3 to 50 are refused without running the body.
        assertThat(bodyRuns).as("the share was tried until the breaker opened, then never").hasValue(5);
        assertThat(backoffs.requested()).as("2 backoffs of the first call, 1 of the second")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(refusals).as("every call after the second").hasValue(48);
    }

    @Test
    void theFailureThatOpensTheBreakerEndsTheRetriesWithoutAWait() {
        Pipeline pipeline = pipeline(true, key("failure-threshold"), "2",
                "resilientio.Store.save.retry.max-attempts", "5", "resilientio.Store.save.retry.initial-delay", "1s",
                "resilientio.Store.save.retry.jitter", "0");
        IOException opening = new IOException("Stale file handle");
        AtomicInteger attempt = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> call(pipeline, () -> {
            throw attempt.incrementAndGet() == 1 ? new IOException("Input/output error") : opening;
        }));

        assertThat(thrown).as("the failure that opened it, not a refusal").isSameAs(opening);
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("Input/output error");
        assertThat(bodyRuns).hasValue(2);
        assertThat(backoffs.requested()).as("the wait before the second attempt only").containsExactly(Duration.ofSeconds(1));
        assertThat(state()).isEqualTo("OPEN");
    }

    @Test
    void refusalsShareAnImmutableCopyOfTheOpeningFailureThatTheRetryCannotChange() {
        Pipeline pipeline = pipeline(true, key("failure-threshold"), "2",
                "resilientio.Store.save.retry.max-attempts", "2", "resilientio.Store.save.retry.jitter", "0");
        Throwable opening = catchThrowable(() -> call(pipeline, failing("Stale file handle")));

        Throwable first = catchThrowable(() -> call(pipeline, OK));
        Throwable second = catchThrowable(() -> call(pipeline, OK));
        opening.addSuppressed(new IOException("added later by the call that owns it"));
        first.getCause().addSuppressed(new IOException("added by one refused caller"));

        assertThat(opening.getSuppressed()).as("the retry attached the first attempt's failure").hasSize(2);
        assertThat(first.getCause()).isNotSameAs(opening).isInstanceOf(OpeningFailure.class)
                .hasToString("java.io.IOException: Stale file handle").hasNoCause();
        assertThat(((OpeningFailure) first.getCause()).typeName()).isEqualTo("java.io.IOException");
        assertThat(second.getCause()).isSameAs(first.getCause());
        assertThat(second.getCause().getSuppressed()).as("nothing attaches to the shared copy").isEmpty();
        assertThat(first).hasMessageContaining("opened by java.io.IOException: Stale file handle");
    }

    @Test
    void anUncountedFailureOfAHalfOpenTrialGivesItsPlaceBackAndChangesNothing() throws Throwable {
        Pipeline pipeline = pipeline(false, key("failure-threshold"), "1", key("open-duration"), "10s",
                key("success-threshold"), "1", key("half-open-max-calls"), "1");
        catchThrowable(() -> call(pipeline, failing("Input/output error")));
        time.advance(Duration.ofMillis(10_001));

        Throwable missing = catchThrowable(() -> call(pipeline, () -> {
            throw new NoSuchFileException(target.toString());
        }));
        Throwable bug = catchThrowable(() -> call(pipeline, () -> {
            throw new IllegalStateException("a bug of the body");
        }));

        assertThat(missing).isInstanceOf(NoSuchFileException.class);
        assertThat(bug).as("the trial place came back after the uncounted failure").isInstanceOf(IllegalStateException.class);
        assertThat(state()).as("neither opened again nor closed").isEqualTo("HALF_OPEN");
        assertThat(call(pipeline, OK)).isEqualTo("ok");
        assertThat(state()).isEqualTo("CLOSED");
    }

    @Test
    void theKillSwitchMakesEveryBreakerAPassThrough() throws Throwable {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_CIRCUIT_BREAKER_ENABLED", "false"),
                Map.of(key("failure-threshold"), "1"));
        SettingOverrides named = SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, breaker, "the test").build();

        assertThat(config.circuitBreaker("Store.save", named)).isNull();
        Pipeline pipeline = Pipeline.builder(config.operation("Store.save"))
                .circuitBreaker(config.circuitBreaker("Store.save", named), "Store.save", config).build();
        for (int i = 0; i < 5; i++) {
            catchThrowable(() -> call(pipeline, failing("Input/output error")));
        }
        assertThat(call(pipeline, OK)).isEqualTo("ok");
        assertThat(bodyRuns).hasValue(6);
        assertThat(BreakerRegistry.shared().find(breaker)).as("no breaker was made").isNull();
    }
}
