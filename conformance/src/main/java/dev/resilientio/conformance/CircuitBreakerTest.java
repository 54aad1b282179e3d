package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.BreakerFiles;
import dev.resilientio.core.FileCircuitOpenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code @FileCircuitBreaker}: opens, refuses without running the method, lets a trial through, ends retries. */
class CircuitBreakerTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final BreakerFiles files = new BreakerFiles();

    @Test
    void opensAfterItsThresholdRefusesWithoutRunningTheMethodAndClosesAfterATrial() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        IOException second = new IOException("Stale file handle");
        files.failures.thenThrow(new IOException("Input/output error"), second);
        catchThrowable(() -> files.readThroughCycle(file));
        catchThrowable(() -> files.readThroughCycle(file));

        Throwable refused = catchThrowable(() -> files.readThroughCycle(file));
        time.advance(Duration.ofSeconds(9));
        Throwable stillRefused = catchThrowable(() -> files.readThroughCycle(file));
        time.advance(Duration.ofSeconds(2));
        String trial = files.readThroughCycle(file);

        assertThat(refused).as("under %s", WeavingMode.name()).isInstanceOf(FileCircuitOpenException.class)
                .hasMessageContaining("'conformance-cycle' is open")
                .hasMessageContaining("this call on " + file);
        assertThat(refused.getCause()).as("a copy of the failure that opened it").isNotSameAs(second)
                .hasToString(second.toString());
        assertThat(stillRefused).isInstanceOf(FileCircuitOpenException.class);
        assertThat(trial).isEqualTo("content");
        assertThat(files.failures.attempts()).as("two failures and the trial; the refused calls never ran").isEqualTo(3);
        assertThat(files.readThroughCycle(file)).as("closed again").isEqualTo("content");
    }

    @Test
    void anOpenBreakerEndsTheRetriesWithoutAnotherBackoff() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        files.failures.thenFailTimes(10);

        Throwable first = catchThrowable(() -> files.readWithRetry(file));
        Throwable second = catchThrowable(() -> files.readWithRetry(file));

        assertThat(first).as("under %s: the failure that opened the breaker, rethrown at once", WeavingMode.name())
                .isInstanceOf(IOException.class).isNotInstanceOf(FileCircuitOpenException.class);
        assertThat(second).isInstanceOf(FileCircuitOpenException.class);
        assertThat(files.failures.attempts()).as("two attempts opened it; the next call was refused").isEqualTo(2);
        assertThat(time.delays()).as("the backoff before the second attempt of the first call only")
                .containsExactly(Duration.ofMillis(100));
    }

    @Test
    void aMethodThatDeclaresNoIoExceptionGetsTheRefusalUnchecked() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        files.failures.thenFailTimes(1);
        catchThrowable(() -> files.readUndeclared(file));

        Throwable refused = catchThrowable(() -> files.readUndeclared(file));

        assertThat(refused).as("under %s", WeavingMode.name()).isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(FileCircuitOpenException.class)
                .hasMessageContaining("'conformance-undeclared' is open");
        assertThat(files.failures.attempts()).isEqualTo(1);
    }
}
