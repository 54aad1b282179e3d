package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.FlakyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The waits between attempts of {@code @RetryFileOperation}, with injected time: exact, and never slept. */
class BackoffTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final FlakyReader reader = new FlakyReader();
    private Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("data.txt"), "content");
    }

    @Test
    void delaysDoubleFromTheInitialDelayWithoutJitter() throws IOException {
        reader.failures.thenFailTimes(3);

        reader.read(file);

        assertThat(time.delays()).as("delays under %s", WeavingMode.name())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void noDelayFollowsTheLastAttempt() {
        reader.failures.thenFailTimes(10);

        Throwable thrown = catchThrowable(() -> reader.read(file));

        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(reader.failures.attempts()).isEqualTo(4);
        assertThat(time.delays()).hasSize(3);
    }

    @Test
    void delaysStopGrowingAtTheMaximum() throws IOException {
        reader.failures.thenFailTimes(4);

        reader.readCapped(file);

        assertThat(time.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void jitterCutsEachDelayByItsDrawWithinTheJitterRange() throws IOException {
        time.jitterDraws(0.0, 0.5, 0.75);
        reader.failures.thenFailTimes(3);

        reader.readJittered(file);

        // delay * (1 - jitter * draw), jitter 0.5: 100ms * 1, 200ms * 0.75, 400ms * 0.625
        assertThat(time.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(250));
    }

    @Test
    void jitteredDelaysStayBetweenHalfAndAllOfTheBaseDelay() throws IOException {
        time.jitterDraws(0.0, 0.999_999);
        reader.failures.thenFailTimes(3);

        reader.readJittered(file);

        assertThat(time.delays()).hasSize(3);
        long base = 100;
        for (Duration delay : time.delays()) {
            assertThat(delay).isBetween(Duration.ofMillis(base / 2), Duration.ofMillis(base));
            base *= 2;
        }
        // The ends of the range are reached: a draw of 0 keeps the whole delay, one near 1 halves it (jitter 0.5).
        assertThat(time.delays().get(0)).as("the delay after a draw of 0.0").isEqualTo(Duration.ofMillis(100));
        assertThat(time.delays().subList(1, 3)).as("the delays after draws of 0.999999, under %s", WeavingMode.name())
                .satisfiesExactly(
                        delay -> assertThat(delay).isCloseTo(Duration.ofMillis(100), Duration.ofMillis(1)),
                        delay -> assertThat(delay).isCloseTo(Duration.ofMillis(200), Duration.ofMillis(1)));
    }

    @Test
    void delaysComeFromConfigurationWhenTheAnnotationLeavesThemOut() throws IOException {
        time.jitterDraws(0.0, 0.5);
        reader.failures.thenFailTimes(2);

        reader.readWithDefaults(file);

        // The defaults: 3 attempts, 100ms doubling, jitter 0.5: 100ms * 1, then 200ms * 0.75.
        assertThat(time.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
        assertThat(reader.failures.attempts()).isEqualTo(3);
    }
}
