package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.resilientio.core.rules.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    static Stream<Arguments> everyUnit() {
        return Stream.of(
                Arguments.of("7ns", Duration.ofNanos(7)),
                Arguments.of("7us", Duration.of(7, ChronoUnit.MICROS)),
                Arguments.of("7ms", Duration.ofMillis(7)),
                Arguments.of("7s", Duration.ofSeconds(7)),
                Arguments.of("7m", Duration.ofMinutes(7)),
                Arguments.of("7h", Duration.ofHours(7)),
                Arguments.of("0ms", Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyUnit")
    void parsesEveryUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> decimals() {
        return Stream.of(
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of("0.25ms", Duration.of(250, ChronoUnit.MICROS)),
                Arguments.of("2.5m", Duration.ofSeconds(150)),
                Arguments.of("0.5h", Duration.ofMinutes(30)),
                Arguments.of("1.000001s", Duration.ofNanos(1_000_001_000L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decimals")
    void parsesDecimalNumbersExactly(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> iso8601() {
        return Stream.of(
                Arguments.of("PT0.25S", Duration.ofMillis(250)),
                Arguments.of("PT2M", Duration.ofMinutes(2)),
                Arguments.of("PT1H30M", Duration.ofMinutes(90)),
                Arguments.of("P1D", Duration.ofHours(24)),
                // java.time.Duration.parse accepts lower-case letters, and Durations delegates to it.
                Arguments.of("pt2m", Duration.ofMinutes(2)),
                Arguments.of("PT0S", Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iso8601")
    void parsesIso8601(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"  250ms", "250ms \t", "\n 250ms\n", " PT0.25S "})
    void ignoresSurroundingWhitespace(String text) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "1.5", "0", "-1", "+3"})
    void rejectsBareNumberSayingItHasNoUnit(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "' has no unit")
                .withMessageContaining(Durations.ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "-0.5ms", "-PT1S"})
    void rejectsSignedNegativeDurationsNamingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "'")
                .withMessageContaining("non-negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT-1S", "PT-0.5S", "PT1M-61S"})
    void rejectsNegativeIso8601SayingItIsNegative(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "' is negative");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void rejectsEmptyText(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("empty duration")
                .withMessageContaining(Durations.ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10sec", "5d", "2 ms", "1e3ms", "ms", "abc", "1.2.3s", "1,5s", "s10"})
    void rejectsUnknownUnitsAndGarbage(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text.strip() + "' is not a duration")
                .withMessageContaining(Durations.ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P", "PT", "PTS", "PT1X", "P1Y"})
    void rejectsMalformedIso8601(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "' is not a valid ISO-8601 duration")
                .withMessageContaining(Durations.ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808ns", "10000000h", "300000000000000000000000s"})
    void rejectsDurationsLongerThanNanosecondsCanHold(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "' is too long");
    }

    @Test
    void acceptsTheLongestDurationInNanoseconds() {
        assertThat(Durations.parse(Long.MAX_VALUE + "ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    static Stream<Duration> roundTripValues() {
        return Stream.of(
                Duration.ZERO,
                Duration.ofNanos(1),
                Duration.ofNanos(999),
                Duration.of(1, ChronoUnit.MICROS),
                Duration.ofNanos(1_250_000),
                Duration.ofMillis(250),
                Duration.ofMillis(1500),
                Duration.ofSeconds(10),
                Duration.ofMinutes(2),
                Duration.ofMinutes(90),
                Duration.ofHours(36),
                // beyond what a long of nanoseconds holds: formatted as ISO-8601
                Duration.ofDays(200_000));
    }

    @ParameterizedTest
    @MethodSource("roundTripValues")
    void formatThenParseGivesTheSameDuration(Duration duration) {
        String text = Durations.format(duration);

        assertThat(Durations.parse(text)).as("parse(\"%s\")", text).isEqualTo(duration);
    }

    @ParameterizedTest
    @CsvSource({"250, 250ms", "1500, 1.5s", "120000, 2m", "5400000, 1.5h", "1, 1ms"})
    void formatsInTheLargestReadableUnit(long millis, String expected) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
