package dev.resilientio.core.rules;

import dev.resilientio.core.ResilientIoConfigException;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The grammar and range rules of every setting, in one place, shared by configuration (environment
 * variables, system properties, annotation attributes), builders and the compile-time checks. Each
 * check names the setting, the bad value and what is allowed, including the maximum.
 *
 * <p>Numbers are written in the ASCII digits {@code 0-9} only: {@link Integer#parseInt} would also
 * take other scripts' digits (an Arabic-Indic {@code ٣} as 3), which no operator means to type.
 * Durations are bounded by what a file operation can sensibly wait: a backoff delay at most
 * {@link #LONGEST_DELAY} (1h; a longer pause belongs to a scheduler, not to a thread parked in a
 * retry) and a lock timeout at most {@link #LONGEST_LOCK_TIMEOUT} (24h).
 */
public final class SettingRules {

    /** The largest number of attempts. */
    public static final int MAX_ATTEMPTS_LIMIT = Integer.MAX_VALUE;
    /** What {@code maxAttempts} allows. */
    public static final String MAX_ATTEMPTS_ALLOWED = "a whole number from 1 to " + MAX_ATTEMPTS_LIMIT;
    /** What {@code multiplier} allows. */
    public static final String MULTIPLIER_ALLOWED = "a number >= 1.0";
    /** What {@code jitter} allows. */
    public static final String JITTER_ALLOWED = "a number from 0.0 to 1.0";
    /** The largest number of backups. */
    public static final int MAX_BACKUPS = 100;
    /** What {@code backups} allows. */
    public static final String BACKUPS_ALLOWED = "a whole number from 0 to " + MAX_BACKUPS;
    /** The longest backoff delay, initial or maximum. */
    public static final Duration LONGEST_DELAY = Duration.ofHours(1);
    /** What {@code initialDelay} and {@code maxDelay} allow. */
    public static final String DELAY_ALLOWED = Durations.ALLOWED + ", at most " + Durations.format(LONGEST_DELAY);
    /** The longest lock timeout. */
    public static final Duration LONGEST_LOCK_TIMEOUT = Duration.ofHours(24);
    /** What a lock {@code timeout} allows. */
    public static final String LOCK_TIMEOUT_ALLOWED =
            Durations.ALLOWED + ", at most " + Durations.format(LONGEST_LOCK_TIMEOUT);

    /** The longest deadline of one call. */
    public static final Duration LONGEST_MAX_DURATION = Duration.ofHours(24);
    /** What {@code maxDuration} allows. */
    public static final String MAX_DURATION_ALLOWED =
            Durations.ALLOWED + ", more than 0 and at most " + Durations.format(LONGEST_MAX_DURATION);
    /** What the recovery directory allows. */
    public static final String RECOVERY_DIR_ALLOWED = "an absolute directory path, such as /var/lib/app/recovery"
            + " (unset: recovery files go beside their targets)";

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private SettingRules() {
    }

    /**
     * Parses a number of attempts.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, surrounding white space ignored
     * @return the number
     * @throws ResilientIoConfigException when not a whole number from 1 to {@link #MAX_ATTEMPTS_LIMIT}
     */
    public static int parseMaxAttempts(String setting, String text) {
        return (int) parseWhole(setting, text, 1, MAX_ATTEMPTS_LIMIT, MAX_ATTEMPTS_ALLOWED);
    }

    /**
     * Parses a number of backups.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, surrounding white space ignored
     * @return the number
     * @throws ResilientIoConfigException when not a whole number from 0 to {@link #MAX_BACKUPS}
     */
    public static int parseBackups(String setting, String text) {
        return (int) parseWhole(setting, text, 0, MAX_BACKUPS, BACKUPS_ALLOWED);
    }

    /**
     * Parses a multiplier.
     *
     * @param setting the name of the setting, for the message
     * @param text the text: a plain decimal such as {@code 2} or {@code 1.5}
     * @return the multiplier
     * @throws ResilientIoConfigException when not a plain decimal >= 1.0
     */
    public static double parseMultiplier(String setting, String text) {
        double value = parseDecimal(setting, text, MULTIPLIER_ALLOWED);
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            throw invalid(setting, text, MULTIPLIER_ALLOWED);
        }
        return value;
    }

    /**
     * Parses a jitter.
     *
     * @param setting the name of the setting, for the message
     * @param text the text: a plain decimal such as {@code 0.5}
     * @return the jitter
     * @throws ResilientIoConfigException when not a plain decimal from 0.0 to 1.0
     */
    public static double parseJitter(String setting, String text) {
        double value = parseDecimal(setting, text, JITTER_ALLOWED);
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(setting, text, JITTER_ALLOWED);
        }
        return value;
    }

    /**
     * Parses a backoff delay (an initial or maximum delay).
     *
     * @param setting the name of the setting, for the message
     * @param text the text, of the grammar of {@link Durations}
     * @return the delay
     * @throws ResilientIoConfigException when not of the grammar, or longer than {@link #LONGEST_DELAY}
     */
    public static Duration parseDelay(String setting, String text) {
        return parseBounded(setting, text, LONGEST_DELAY, DELAY_ALLOWED);
    }

    /**
     * Parses a lock timeout.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, of the grammar of {@link Durations}
     * @return the timeout
     * @throws ResilientIoConfigException when not of the grammar, or longer than {@link #LONGEST_LOCK_TIMEOUT}
     */
    public static Duration parseLockTimeout(String setting, String text) {
        return parseBounded(setting, text, LONGEST_LOCK_TIMEOUT, LOCK_TIMEOUT_ALLOWED);
    }

    /**
     * Checks a number of attempts.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when below 1
     */
    public static void checkMaxAttempts(String setting, int value) {
        if (value < 1) {
            throw invalid(setting, String.valueOf(value), MAX_ATTEMPTS_ALLOWED);
        }
    }

    /**
     * Checks a multiplier.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when below 1.0 or not a number
     */
    public static void checkMultiplier(String setting, double value) {
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            throw invalid(setting, String.valueOf(value), MULTIPLIER_ALLOWED);
        }
    }

    /**
     * Checks a jitter.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when outside 0.0..1.0 or not a number
     */
    public static void checkJitter(String setting, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(setting, String.valueOf(value), JITTER_ALLOWED);
        }
    }

    /**
     * Checks a number of backups.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when outside 0..100
     */
    public static void checkBackups(String setting, int value) {
        if (value < 0 || value > MAX_BACKUPS) {
            throw invalid(setting, String.valueOf(value), BACKUPS_ALLOWED);
        }
    }

    /**
     * Checks a backoff delay given as a value.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when negative or longer than {@link #LONGEST_DELAY}
     */
    public static void checkDelay(String setting, Duration value) {
        checkBounded(setting, value.toString(), value, LONGEST_DELAY, DELAY_ALLOWED);
    }

    /**
     * Checks a lock timeout given as a value.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when negative or longer than {@link #LONGEST_LOCK_TIMEOUT}
     */
    public static void checkLockTimeout(String setting, Duration value) {
        checkBounded(setting, value.toString(), value, LONGEST_LOCK_TIMEOUT, LOCK_TIMEOUT_ALLOWED);
    }

    /**
     * Checks a duration given as a value, without an upper bound.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when negative
     */
    public static void checkDuration(String setting, Duration value) {
        if (value.isNegative()) {
            throw invalid(setting, value.toString(), Durations.ALLOWED);
        }
    }

    /**
     * Parses a duration given as text, by the grammar of {@link Durations} alone; settings with a
     * bound use {@link #parseDelay} or {@link #parseLockTimeout}.
     *
     * @param setting the name of the setting, for the message
     * @param text the text
     * @return the duration
     * @throws ResilientIoConfigException when it is not of the grammar of {@link Durations}
     */
    public static Duration parseDuration(String setting, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ResilientIoConfigException(setting + "='" + text + "' is not allowed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a maximum delay is not shorter than the initial delay: the one rule of their order,
     * for builders, configuration and the compile-time checks.
     *
     * @param maxSetting where the maximum comes from, such as {@code RESILIENT_IO_RETRY_MAX_DELAY}
     * @param max the maximum delay
     * @param initialSetting where the initial delay comes from
     * @param initial the initial delay
     * @throws ResilientIoConfigException when the maximum is shorter
     */
    public static void checkDelayOrder(String maxSetting, Duration max, String initialSetting, Duration initial) {
        checkDelayOrder(maxSetting, max, initialSetting, initial, "raise the maximum or lower the initial delay");
    }

    /**
     * Checks that a maximum delay is not shorter than the initial delay, with the fix to tell.
     *
     * @param maxSetting where the maximum comes from
     * @param max the maximum delay
     * @param initialSetting where the initial delay comes from
     * @param initial the initial delay
     * @param fix what to do about it, such as which variables to set
     * @throws ResilientIoConfigException when the maximum is shorter
     */
    public static void checkDelayOrder(String maxSetting, Duration max, String initialSetting, Duration initial,
            String fix) {
        if (max.compareTo(initial) < 0) {
            throw new ResilientIoConfigException(maxSetting + "=" + Durations.format(max) + " is not allowed: it must be"
                    + " a duration >= the initial delay (" + initialSetting + "=" + Durations.format(initial) + "); "
                    + fix);
        }
    }

    /**
     * Parses the deadline of a call.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, of the grammar of {@link Durations}
     * @return the deadline
     * @throws ResilientIoConfigException when not of the grammar, zero, or longer than {@link #LONGEST_MAX_DURATION}
     */
    public static Duration parseMaxDuration(String setting, String text) {
        Duration value = parseBounded(setting, text, LONGEST_MAX_DURATION, MAX_DURATION_ALLOWED);
        if (value.isZero()) {
            throw invalid(setting, text, "a deadline of 0 fails every call", MAX_DURATION_ALLOWED, null);
        }
        return value;
    }

    /**
     * Parses the directory recovery files go to: an absolute path (a relative one would depend on
     * the working directory of whichever process fails).
     *
     * @param setting the name of the setting, for the message
     * @param text the text, such as {@code /var/lib/app/recovery}
     * @return the directory, normalised
     * @throws ResilientIoConfigException when the text is blank, not a path, or not absolute
     */
    public static Path parseRecoveryDir(String setting, String text) {
        String value = text == null ? "" : text.strip();
        Path dir;
        try {
            dir = Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(setting, text, "it is not a path (" + e.getReason() + ")", RECOVERY_DIR_ALLOWED, e);
        }
        if (value.isEmpty() || !dir.isAbsolute()) {
            throw invalid(setting, text, "it is not an absolute path", RECOVERY_DIR_ALLOWED, null);
        }
        return dir.normalize();
    }

    /**
     * Checks the deadline of a call given as a value.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when zero, negative or longer than {@link #LONGEST_MAX_DURATION}
     */
    public static void checkMaxDuration(String setting, Duration value) {
        if (value.isZero()) {
            throw invalid(setting, Durations.format(value), "a deadline of 0 fails every call", MAX_DURATION_ALLOWED, null);
        }
        checkBounded(setting, value.toString(), value, LONGEST_MAX_DURATION, MAX_DURATION_ALLOWED);
    }

    /**
     * Builds the exception for a value out of range.
     *
     * @param setting the name of the setting
     * @param value the bad value as given
     * @param allowed what is allowed
     * @return the exception, to throw
     */
    public static ResilientIoConfigException invalid(String setting, String value, String allowed) {
        return new ResilientIoConfigException(setting + "='" + value + "' is not allowed: expected " + allowed);
    }

    private static ResilientIoConfigException invalid(String setting, String value, String reason, String allowed,
            Throwable cause) {
        return new ResilientIoConfigException(setting + "='" + value + "' is not allowed: " + reason + "; expected "
                + allowed, cause);
    }

    private static long parseWhole(String setting, String text, long min, long max, String allowed) {
        String value = text == null ? "" : text.strip();
        if (!WHOLE.matcher(value).matches()) {
            throw invalid(setting, text, "it is not a whole number in the digits 0-9", allowed, null);
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw invalid(setting, text, "it is too large, the maximum is " + max, allowed, null);
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0) {
            throw invalid(setting, text, allowed);
        }
        return number.longValueExact();
    }

    private static double parseDecimal(String setting, String text, String allowed) {
        String value = text == null ? "" : text.strip();
        // Double.parseDouble would also take "2d", "0x1p1" and "NaN"; settings take plain decimals only.
        if (!DECIMAL.matcher(value).matches()) {
            throw invalid(setting, text, "it is not a decimal number in the digits 0-9 (such as 1.5)", allowed, null);
        }
        return Double.parseDouble(value);
    }

    private static Duration parseBounded(String setting, String text, Duration longest, String allowed) {
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (Durations.InvalidDuration e) {
            throw invalid(setting, text, e.reason(), allowed, e);
        }
        checkBounded(setting, text, value, longest, allowed);
        return value;
    }

    private static void checkBounded(String setting, String text, Duration value, Duration longest, String allowed) {
        if (value.isNegative()) {
            throw invalid(setting, text, allowed);
        }
        if (value.compareTo(longest) > 0) {
            throw invalid(setting, text, "it is longer than the maximum, " + Durations.format(longest), allowed, null);
        }
    }
}
