package dev.resilientio.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.FileBreaker;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlakyDemoTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @RegisterExtension
    final LogCapture breakerLog = LogCapture.of(FileBreaker.class);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private EngineTime.Installed time;
    private final Logger breakerLogger = (Logger) LoggerFactory.getLogger(FileBreaker.class);
    private Level breakerLevel;

    @BeforeEach
    void injectTime() {
        time = EngineTime.install(TestTime.of(sleeper, FixedRandom.returning(0.5)));
        // The breaker's way back is logged at INFO, which the tests' logback configuration leaves out.
        breakerLevel = breakerLogger.getLevel();
        breakerLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void restoreTime() {
        breakerLogger.setLevel(breakerLevel);
        time.close();
    }

    @Test
    void busyReadIsRetriedWithBackoffAndMissingFileFailsAfterOneAttempt() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        FlakyDemo.Result result = FlakyDemo.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.busyAttempts()).isEqualTo(3);
        assertThat(result.tasksRead()).isEqualTo(3);
        assertThat(result.missingAttempts()).isEqualTo(1);
        assertThat(result.missingError()).isEqualTo(NoSuchFileException.class);
        assertThat(result.ok()).isTrue();
        assertThat(sleeper.requested()).startsWith(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(retryLog.warnings()).filteredOn(warning -> warning.startsWith("FlakyShare."))
                .hasSize(2).allSatisfy(warning -> assertThat(warning)
                        .startsWith("FlakyShare.readTasks failed on attempt ").endsWith("IOException: Resource busy"));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().skip(1).limit(3)).containsExactly(
                "  RetryScheduled FlakyShare.readTasks attempt 1/5 failed (java.io.IOException: Resource busy);"
                        + " the next in 50.0 ms",
                "  RetryScheduled FlakyShare.readTasks attempt 2/5 failed (java.io.IOException: Resource busy);"
                        + " the next in 100.0 ms",
                "busy share: read 3 tasks on attempt 3 of 5, after 2 retries");
    }

    @Test
    void breakerCutsOffAShareThatWentAwayAndClosesAfterTwoTrialCalls() throws Exception {
        Path file = dir.resolve("tasks.json");
        new ResilientTaskStore().save(file,
                List.of(Task.create("pay the rent", "test"), Task.create("call mum", "test")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        OutageDemo.Result result = OutageDemo.run(file, new PrintStream(printed, true, StandardCharsets.UTF_8));

        // Virtual time moves only with the engine's waits: each read's latency is exactly its backoffs.
        OutageDemo.Figures without = result.without();
        assertThat(without.bodyAttempts()).isEqualTo(150);
        assertThat(without.refused()).isZero();
        assertThat(without.latencies()).hasSize(50).containsOnly(Duration.ofMillis(60).toNanos());
        assertThat(without.backoffNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
        OutageDemo.Figures with = result.with();
        assertThat(with.bodyAttempts()).isEqualTo(5);
        // The first read fails after its 3 attempts; the second opens the breaker on its second attempt and
        // ends there, without the backoff before an attempt the breaker would refuse; the other 48 are refused.
        assertThat(with.refused()).isEqualTo(48);
        assertThat(with.backoffNanos()).isEqualTo(Duration.ofMillis(20 + 40 + 20).toNanos());
        assertThat(with.latencies()).filteredOn(latency -> latency > 0).hasSize(2);
        assertThat(with.callsPerSecond()).isGreaterThan(10 * without.callsPerSecond());
        assertThat(result.refusedWhileBack()).isTrue();
        assertThat(result.states()).containsExactly("CLOSED", "OPEN", "HALF_OPEN", "CLOSED");
        assertThat(result.trialTasks()).containsExactly(2, 2);
        assertThat(result.ok()).isTrue();
        assertThat(Collections.frequency(sleeper.requested(), Duration.ofMillis(20))).isEqualTo(50 + 2);
        assertThat(sleeper.requested()).last().isEqualTo(Duration.ofSeconds(2).plus(OutageDemo.TRIAL_MARGIN));
        assertThat(breakerLog.events()).satisfiesExactly(
                event -> assertLogged(event, Level.WARN,
                        "Circuit breaker tasks-share opened after 5 consecutive failures"),
                event -> assertLogged(event, Level.INFO, "Circuit breaker tasks-share is half-open after 2s open"),
                event -> assertLogged(event, Level.INFO, "Circuit breaker tasks-share closed after 2 of 2 successful"));
        assertThat(BreakerRegistry.shared().find("tasks-share").state()).isEqualTo("CLOSED");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("the share is back, but the breaker is still open, so a read fails at once:",
                        "  The circuit breaker 'tasks-share' is open since ",
                        "trial call 1: read 2 tasks; breaker tasks-share is HALF_OPEN",
                        "trial call 2: read 2 tasks; breaker tasks-share is CLOSED")
                .containsPattern("without breaker +17 +60\\.0 +60\\.0 +60\\.0 +150 +3000\\.0 +0")
                .containsPattern("with breaker +625 +1\\.6 +0\\.0 +60\\.0 +5 +80\\.0 +48");
    }

    private static void assertLogged(ILoggingEvent event, Level level, String start) {
        assertThat(event.getLevel()).isEqualTo(level);
        assertThat(event.getFormattedMessage()).startsWith(start);
    }

    @Test
    void shareThatStaysBusyFailsWithTheLastErrorAfterFiveAttempts() {
        FlakyShare share = new FlakyShare(10);

        assertThatThrownBy(() -> share.readTasks(dir.resolve("tasks.json")))
                .hasMessage("Resource busy")
                .satisfies(failure -> assertThat(failure.getSuppressed()).hasSize(4));
        assertThat(share.attempts()).isEqualTo(5);
        assertThat(sleeper.requested()).hasSize(4);
        assertThat(retryLog.warnings()).last().asString().contains("attempt 5/5", "giving up");
    }
}
