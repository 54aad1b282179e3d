package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.retry.BackoffSchedule;
import dev.resilientio.core.testsupport.FixedRandom;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffScheduleTest {

    private static final Duration CAP = Duration.ofSeconds(1);
    private final BackoffSchedule doublingTo1s = new BackoffSchedule(Duration.ofMillis(100), CAP, 2.0, 0.0);

    @ParameterizedTest(name = "after failure {0}: {1}ms")
    @CsvSource({"1, 100", "2, 200", "3, 400", "4, 800", "5, 1000", "6, 1000", "7, 1000", "8, 1000", "9, 1000",
        "10, 1000"})
    void baseDelayGrowsGeometricallyUntilTheCap(int failedAttempts, long expectedMillis) {
        assertThat(doublingTo1s.baseDelay(failedAttempts)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void fractionalMultiplierGivesExactProducts() {
        BackoffSchedule schedule = new BackoffSchedule(Duration.ofMillis(100), Duration.ofSeconds(10), 1.5, 0.0);

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(schedule::baseDelay))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225),
                        Duration.ofNanos(337_500_000));
    }

    @Test
    void multiplierOfOneKeepsTheDelayConstant() {
        BackoffSchedule constant = new BackoffSchedule(Duration.ofMillis(250), Duration.ofSeconds(10), 1.0, 0.0);

        assertThat(IntStream.rangeClosed(1, 50).mapToObj(constant::baseDelay)).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void zeroJitterReturnsTheBaseDelayWhateverTheRandomSource() {
        SplittableRandom random = new SplittableRandom(42);

        for (int n = 1; n <= 10; n++) {
            assertThat(doublingTo1s.delay(n, random)).isEqualTo(doublingTo1s.baseDelay(n));
        }
    }

    @Test
    void randomZeroGivesTheFullDelay() {
        BackoffSchedule jittered = new BackoffSchedule(Duration.ofMillis(100), CAP, 2.0, 0.5);

        assertThat(jittered.delay(3, FixedRandom.returning(0.0))).isEqualTo(Duration.ofMillis(400));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 1.0})
    void randomNearOneApproachesTheLowerBound(double jitter) {
        BackoffSchedule jittered = new BackoffSchedule(Duration.ofMillis(100), CAP, 2.0, jitter);
        long lowerBound = lowerBoundNanos(Duration.ofMillis(400), jitter);

        Duration delay = jittered.delay(3, FixedRandom.returning(Math.nextDown(1.0)));

        // nextDouble() never returns 1.0, so the lower bound is approached to within a nanosecond.
        assertThat(delay.toNanos()).isBetween(lowerBound, lowerBound + 1);
    }

    @Test
    void randomHalfGivesTheMiddleOfTheRange() {
        BackoffSchedule jittered = new BackoffSchedule(Duration.ofMillis(100), CAP, 2.0, 0.5);

        assertThat(jittered.delay(2, FixedRandom.returning(0.5))).isEqualTo(Duration.ofMillis(150));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.75, 1.0})
    void everyJitteredDelayLiesWithinTheDocumentedRange(double jitter) {
        BackoffSchedule jittered = new BackoffSchedule(Duration.ofMillis(7), Duration.ofSeconds(3), 3.0, jitter);
        SplittableRandom random = new SplittableRandom(20240611L);

        for (int n = 1; n <= 12; n++) {
            Duration base = jittered.baseDelay(n);
            long lowerBound = lowerBoundNanos(base, jitter);
            long shortest = Long.MAX_VALUE;
            long longest = Long.MIN_VALUE;
            for (int draw = 0; draw < 2_000; draw++) {
                long delay = jittered.delay(n, random).toNanos();
                assertThat(delay).as("failure %d, jitter %s", n, jitter).isBetween(lowerBound, base.toNanos());
                shortest = Math.min(shortest, delay);
                longest = Math.max(longest, delay);
            }
            // The jitter is applied: draws of 0 and nearly 1 give the ends of the range, and random draws spread
            // over all of it, coming within 1% of each end.
            assertThat(jittered.delay(n, FixedRandom.returning(0.0))).as("failure %d, draw 0.0", n).isEqualTo(base);
            assertThat(jittered.delay(n, FixedRandom.returning(Math.nextDown(1.0))).toNanos())
                    .as("failure %d, jitter %s, draw just below 1.0", n, jitter).isBetween(lowerBound, lowerBound + 1);
            long onePercent = (base.toNanos() - lowerBound) / 100;
            assertThat(shortest).as("shortest of 2,000 delays after failure %d, jitter %s", n, jitter)
                    .isLessThanOrEqualTo(lowerBound + onePercent);
            assertThat(longest).as("longest of 2,000 delays after failure %d, jitter %s", n, jitter)
                    .isGreaterThanOrEqualTo(base.toNanos() - onePercent);
        }
    }

    @Test
    void jitterSpreadsDelaysRatherThanRepeatingOne() {
        BackoffSchedule jittered = new BackoffSchedule(Duration.ofMillis(100), CAP, 2.0, 0.5);
        SplittableRandom random = new SplittableRandom(7);

        long distinct = IntStream.range(0, 200).mapToObj(i -> jittered.delay(4, random)).distinct().count();

        assertThat(distinct).isGreaterThan(150);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1_000, 100_000, Integer.MAX_VALUE})
    void hugeAttemptNumbersStayAtTheCap(int failedAttempts) {
        assertThat(doublingTo1s.baseDelay(failedAttempts)).isEqualTo(CAP);
        assertThat(doublingTo1s.delay(failedAttempts, FixedRandom.returning(0.0))).isEqualTo(CAP);
    }

    @Test
    void capBeyondNanosecondRangeDoesNotOverflow() {
        BackoffSchedule unbounded = new BackoffSchedule(Duration.ofSeconds(1), Duration.ofDays(1_000_000), 10.0, 0.5);

        Duration delay = unbounded.delay(Integer.MAX_VALUE, FixedRandom.returning(0.0));

        assertThat(delay).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void zeroInitialDelayNeverWaits() {
        BackoffSchedule immediate = new BackoffSchedule(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.5);

        assertThat(IntStream.rangeClosed(1, 100).mapToObj(n -> immediate.delay(n, FixedRandom.returning(0.3))))
                .containsOnly(Duration.ZERO);
    }

    /** d × (1 − jitter), in whole nanoseconds, computed exactly rather than in floating point. */
    private static long lowerBoundNanos(Duration base, double jitter) {
        return BigDecimal.valueOf(base.toNanos())
                .multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(jitter)))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }
}
