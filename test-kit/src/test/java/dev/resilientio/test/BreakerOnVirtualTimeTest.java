package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.CircuitStateChanged.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A breaker's open duration passed with {@link VirtualTime#advance}, and a breaker that one test
 * opened found closed by the next (the extension resets every breaker around each test). In this
 * order: the first test leaves the breaker open.
 */
@ResilientIoTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BreakerOnVirtualTimeTest {

    /** A user's share reader behind a breaker, woven by ajc in this module's build. */
    static class Share {
        final AtomicInteger bodyRuns = new AtomicInteger();

        @FileCircuitBreaker(name = "kit-share", failureThreshold = 2, successThreshold = 1, openDuration = "30s")
        String read(Path file) throws IOException {
            bodyRuns.incrementAndGet();
            return Files.readString(file);
        }
    }

    private final Share share = new Share();
    private Path file;

    @BeforeAll
    static void woven() {
        ResilientIoAssertions.assertWoven(Share.class);
    }

    @BeforeEach
    void content(@TempDir Path dir) throws IOException {
        file = Files.writeString(dir.resolve("report.txt"), "ok");
    }

    @Test
    @Order(1)
    void anOpenBreakerLetsATrialThroughOnceItsOpenDurationHasPassed(FileFaults faults, VirtualTime time,
            RecordedEvents events) throws IOException {
        faults.failNextAttempts(file, 2, FileFaults.ioError("Input/output error"));
        catchThrowable(() -> share.read(file));
        catchThrowable(() -> share.read(file));

        assertThat(catchThrowable(() -> share.read(file))).isInstanceOf(FileCircuitOpenException.class);
        time.advance(Duration.ofSeconds(29));
        assertThat(catchThrowable(() -> share.read(file))).as("29 s of 30").isInstanceOf(FileCircuitOpenException.class);
        time.advance(Duration.ofMillis(1001));
        assertThat(share.read(file)).as("the trial call after 30 s").isEqualTo("ok");

        assertThat(events.ofType(CircuitStateChanged.class)).extracting(CircuitStateChanged::to)
                .containsExactly(State.OPEN, State.HALF_OPEN, State.CLOSED);
        assertThat(share.bodyRuns).as("the refused calls never ran").hasValue(1);

        // Left open for the next test, which must not see it so.
        faults.failNextAttempts(file, 2, FileFaults.ioError("Input/output error"));
        catchThrowable(() -> share.read(file));
        catchThrowable(() -> share.read(file));
        assertThat(catchThrowable(() -> share.read(file))).isInstanceOf(FileCircuitOpenException.class);
    }

    @Test
    @Order(2)
    void aBreakerThatAnotherTestOpenedStartsClosed() throws IOException {
        assertThat(share.read(file)).isEqualTo("ok");
    }
}
