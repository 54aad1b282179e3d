package dev.resilientio.core;

import java.time.Duration;

/**
 * The range rules of every setting, in one place, shared by configuration, builders and the
 * compile-time checks. Each check names the setting, the bad value and what is allowed.
 */
public final class SettingRules {

    /** What {@code maxAttempts} allows. */
    public static final String MAX_ATTEMPTS_ALLOWED = "a whole number >= 1";
    /** What {@code multiplier} allows. */
    public static final String MULTIPLIER_ALLOWED = "a number >= 1.0";
    /** What {@code jitter} allows. */
    public static final String JITTER_ALLOWED = "a number from 0.0 to 1.0";
    /** What {@code backups} allows. */
    public static final String BACKUPS_ALLOWED = "a whole number from 0 to 100";
    /** The largest number of backups. */
    public static final int MAX_BACKUPS = 100;

    private SettingRules() {
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
     * Checks a duration given as a value.
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
     * Parses a duration given as text.
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
     * Checks that a maximum delay is not shorter than the initial delay.
     *
     * @param maxSetting the name of the maximum's setting
     * @param max the maximum delay
     * @param initialSetting the name of the initial delay's setting
     * @param initial the initial delay
     * @throws ResilientIoConfigException when the maximum is shorter
     */
    public static void checkDelayOrder(String maxSetting, Duration max, String initialSetting, Duration initial) {
        if (max.compareTo(initial) < 0) {
            throw new ResilientIoConfigException(maxSetting + "=" + Durations.format(max) + " is not allowed: it must be"
                    + " a duration >= the initial delay (" + initialSetting + "=" + Durations.format(initial) + ")");
        }
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
}
