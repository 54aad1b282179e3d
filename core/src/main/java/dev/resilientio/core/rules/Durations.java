package dev.resilientio.core.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration grammar of every setting and annotation attribute: a number and a unit
 * ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}; for example {@code 250ms},
 * {@code 1.5s}) or ISO-8601 ({@code PT0.25S}), in the ASCII digits {@code 0-9}. A bare number is
 * rejected, since its unit would be a guess; so is a negative duration. Each setting bounds its
 * durations further ({@link SettingRules}).
 */
public final class Durations {

    /** What the grammar allows, for error messages. */
    public static final String ALLOWED =
            "a non-negative number with a unit ns, us, ms, s, m or h (e.g. 250ms, 1.5s) or ISO-8601 (e.g. PT0.25S)";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?[0-9]+(?:\\.[0-9]+)?");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @param text the text, surrounding white space ignored
     * @return the duration, never negative
     * @throws IllegalArgumentException when the text is not of the grammar; the message says why
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidDuration("an empty duration is not allowed", ALLOWED, null);
        }
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            throw new InvalidDuration("'" + trimmed + "' has no unit", ALLOWED, null);
        }
        if (trimmed.startsWith("-")) {
            throw new InvalidDuration("'" + trimmed + "' is negative", ALLOWED, null);
        }
        Matcher matcher = NUMBER_AND_UNIT.matcher(trimmed);
        if (matcher.matches()) {
            BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit(matcher.group(2))));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                throw new InvalidDuration("'" + trimmed + "' is too long", "at most about 292 years", null);
            }
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            Duration parsed;
            try {
                parsed = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new InvalidDuration("'" + trimmed + "' is not a valid ISO-8601 duration", ALLOWED, e);
            }
            if (parsed.isNegative()) {
                throw new InvalidDuration("'" + trimmed + "' is negative", ALLOWED, null);
            }
            return parsed;
        }
        throw new InvalidDuration("'" + trimmed + "' is not a duration", ALLOWED, null);
    }

    /** A text that is not a duration; its reason, without what is expected, lets a setting add its own bound. */
    static final class InvalidDuration extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String reason;

        InvalidDuration(String reason, String expected, Throwable cause) {
            super(reason + "; expected " + expected, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /**
     * Formats a duration for people, in the largest unit that keeps it readable
     * ({@code 250ms}, {@code 1.5s}, {@code 2m}).
     *
     * @param duration the duration
     * @return the text, parseable by {@link #parse(String)}
     */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        String[] units = {"h", "m", "s", "ms", "us"};
        for (String unit : units) {
            long per = nanosPerUnit(unit);
            if (nanos >= per) {
                return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(per), 3, RoundingMode.HALF_UP)
                        .stripTrailingZeros().toPlainString() + unit;
            }
        }
        return nanos + "ns";
    }

    private static long nanosPerUnit(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw new IllegalStateException("unknown unit " + unit);
        }
    }
}
