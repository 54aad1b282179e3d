package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.breaker.OpeningFailure;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.events.CallCompleted.Outcome;
import dev.resilientio.core.events.CircuitStateChanged.State;
import dev.resilientio.core.events.RetriesExhausted.Reason;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** A breaker's transitions and refusals as events, on virtual time that passes its open duration. */
class CircuitEventsTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    private final TestTime time = TestTime.virtual(new RecordingSleeper());
    private EngineTime.Installed installed;
    private EventRecorder events;
    private String breaker;
    private Path file;

    @BeforeEach
    void observe(TestInfo test) throws IOException {
        // One breaker per name per JVM: each test names its own.
        breaker = "events-" + test.getTestMethod().orElseThrow().getName() + "-" + NAMES.incrementAndGet();
        installed = EngineTime.install(time);
        events = EventRecorder.under(dir, breaker);
        file = Files.writeString(dir.resolve("tasks.json"), "[]");
    }

    @AfterEach
    void stop() {
        events.close();
        installed.close();
    }

    private FileOperation update(int maxAttempts) {
        String key = "resilientio." + breaker + ".circuit-breaker.";
        return FileOperation.named("Events.update", ResilientIoConfig.from(Map.of(), Map.of(
                "resilientio.retry.max-attempts", String.valueOf(maxAttempts),
                "resilientio.retry.initial-delay", "100ms",
                "resilientio.retry.jitter", "0",
                key + "failure-threshold", "2",
                key + "success-threshold", "1",
                key + "open-duration", "10s"))).withCircuitBreaker(breaker);
    }

    /** An update whose body fails with EBUSY, a failure the breaker counts. */
    private String failing(FileOperation operation) throws IOException {
        return operation.update(file, CircuitEventsTest::content, "", value -> value, value -> {
            throw new FileSystemException(file.toString(), null, "Device or resource busy");
        });
    }

    private String succeeding(FileOperation operation) throws IOException {
        return operation.update(file, CircuitEventsTest::content, "", value -> value,
                value -> value.getBytes(StandardCharsets.UTF_8));
    }

    private static String content(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void opensRefusesThenLetsATrialThroughAndClosesAfterItsOpenDuration() throws IOException {
        FileOperation update = update(1);

        catchThrowable(() -> failing(update));
        Throwable opening = catchThrowable(() -> failing(update));
        Throwable refused = catchThrowable(() -> succeeding(update));
        time.advance(Duration.ofSeconds(10).plusMillis(1));
        String trial = succeeding(update);

        assertThat(trial).isEqualTo("[]");
        assertThat(refused).isInstanceOf(FileCircuitOpenException.class);
        assertThat(events.of(CircuitStateChanged.class))
                .extracting(CircuitStateChanged::breaker, CircuitStateChanged::from, CircuitStateChanged::to)
                .containsExactly(tuple(breaker, State.CLOSED, State.OPEN), tuple(breaker, State.OPEN, State.HALF_OPEN),
                        tuple(breaker, State.HALF_OPEN, State.CLOSED));
        assertThat(events.of(CircuitStateChanged.class)).first().satisfies(opened -> {
            assertThat(opened.lastFailure()).as("a copy of the failure that opened it").isInstanceOf(OpeningFailure.class)
                    .hasMessage(opening.getMessage()).hasToString(opening.toString());
            assertThat(opened.lastFailure().getStackTrace()).isEqualTo(opening.getStackTrace());
            assertThat(opened.operation()).isNull();
            assertThat(opened.target()).isNull();
        });
        assertThat(events.of(CircuitStateChanged.class).subList(1, 3))
                .allSatisfy(changed -> assertThat(changed.lastFailure()).isNull());
        assertThat(events.of(CallCompleted.class)).extracting(CallCompleted::outcome, CallCompleted::attempts).containsExactly(
                tuple(Outcome.FAILED, 1), tuple(Outcome.FAILED, 1), tuple(Outcome.REFUSED_BY_BREAKER, 0),
                tuple(Outcome.SUCCESS, 1));
        assertThat(events.of(CallCompleted.class).get(2).failure()).isSameAs(refused);
        assertThat(events.of(CallCompleted.class).get(2).outcome().tag()).isEqualTo("refused_by_breaker");
        assertThat(events.sequence()).as("each transition within the call that caused it").containsExactly(
                "LockAcquired", "CallCompleted",
                "LockAcquired", "CircuitStateChanged", "CallCompleted",
                "CallCompleted",
                "CircuitStateChanged", "LockAcquired", "AtomicWriteCommitted", "CircuitStateChanged", "CallCompleted");
    }

    @Test
    void aRetryEndsWhenItsBreakerOpensWithoutWaitingForARefusal() {
        Throwable thrown = catchThrowable(() -> failing(update(5)));

        assertThat(events.of(RetryScheduled.class)).as("after the first failure only").hasSize(1);
        assertThat(events.of(RetriesExhausted.class)).singleElement().satisfies(exhausted -> {
            assertThat(exhausted.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
            assertThat(exhausted.attempts()).isEqualTo(2);
            assertThat(exhausted.failure()).isSameAs(thrown);
        });
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).as("it ran and failed; it was not refused").isEqualTo(Outcome.FAILED);
            assertThat(done.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aRetryingCallRefusedAtOnceMadeNoAttempt() {
        catchThrowable(() -> failing(update(1)));
        catchThrowable(() -> failing(update(1)));
        events.clear();

        Throwable refused = catchThrowable(() -> succeeding(update(5)));

        assertThat(refused).isInstanceOf(FileCircuitOpenException.class);
        assertThat(events.of(RetriesExhausted.class)).as("the refusal says so itself").isEmpty();
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.outcome()).isEqualTo(Outcome.REFUSED_BY_BREAKER);
            assertThat(done.attempts()).isZero();
        });
    }
}
