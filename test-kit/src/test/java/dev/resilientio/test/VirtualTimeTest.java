package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.retry.BackoffSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time on its own, as the engine uses it: installed, slept on, paused on, advanced. */
class VirtualTimeTest {

    private final VirtualTime time = new VirtualTime();
    private final BackoffSchedule defaults = new BackoffSchedule(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5);

    @Test
    void backoffsPassAtOnceAndAreRecordedInOrder() throws InterruptedException {
        long before = time.nanoTime();
        long realStart = System.nanoTime();

        time.sleep(Duration.ofSeconds(10));
        time.sleep(Duration.ofMillis(250));

        assertThat(System.nanoTime() - realStart).as("no real wait").isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(time.nanoTime() - before).isEqualTo(Duration.ofMillis(10_250).toNanos());
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofMillis(250));
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(10_250));
    }

    @Test
    void byDefaultTheJitteredDelaysAreExactlyTheConfiguredOnes() {
        assertThat(List.of(defaults.delay(1, time.random()), defaults.delay(2, time.random()), defaults.delay(3, time.random())))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aSeededJitterGivesTheSameWaitsOnEveryRunWithinTheJitterRange() {
        List<Duration> first = delays(new VirtualTime().randomJitter(42));
        List<Duration> second = delays(new VirtualTime().randomJitter(42));

        assertThat(first).isEqualTo(second).isNotEqualTo(delays(time));
        for (int i = 0; i < first.size(); i++) {
            Duration base = defaults.baseDelay(i + 1);
            assertThat(first.get(i)).isBetween(base.dividedBy(2), base);
        }
    }

    @Test
    void aLockPauseParksForRealAndMovesTheClockByItTimesTheSpeedUp() throws InterruptedException {
        long before = time.nanoTime();
        long realStart = System.nanoTime();
        time.pause(Duration.ofMillis(2));
        assertThat(System.nanoTime() - realStart).as("a real pause").isGreaterThanOrEqualTo(Duration.ofMillis(2).toNanos());
        assertThat(time.nanoTime() - before).isEqualTo(Duration.ofMillis(2).toNanos());

        time.speedUpLockWaits(50).pause(Duration.ofMillis(2));

        assertThat(time.nanoTime() - before).isEqualTo(Duration.ofMillis(102).toNanos());
        assertThat(time.sleeps()).as("lock pauses are no backoffs").isEmpty();
    }

    @Test
    void advanceMovesTheClockWithoutRecordingAWaitAndNeverBackwards() {
        time.advance(Duration.ofSeconds(60));

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(60));
        assertThat(time.sleeps()).isEmpty();
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
        assertThatThrownBy(() -> time.speedUpLockWaits(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 (real speed) or more");
    }

    @Test
    void anInterruptedThreadStopsItsBackoffAtOnceWithItsFlagCleared() {
        Thread.currentThread().interrupt();

        Throwable thrown = catchThrowable(() -> time.sleep(Duration.ofSeconds(1)));

        assertThat(thrown).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("cleared, as Thread.sleep clears it").isFalse();
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void clearSleepsForgetsTheWaitsButKeepsTheClock() throws InterruptedException {
        time.sleep(Duration.ofMillis(100));

        time.clearSleeps();

        assertThat(time.sleeps()).isEmpty();
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    @SuppressWarnings("try") // installed by being open
    void installedItIsTheEnginesTimeUntilClosed() {
        try (EngineTime.Installed installed = EngineTime.install(time)) {
            assertThat(EngineTime.current()).isSameAs(time);
        }
        assertThat(EngineTime.current().isSystem()).isTrue();
    }

    private List<Duration> delays(VirtualTime source) {
        List<Duration> delays = new ArrayList<>();
        for (int failed = 1; failed <= 5; failed++) {
            delays.add(defaults.delay(failed, source.random()));
        }
        return delays;
    }
}
