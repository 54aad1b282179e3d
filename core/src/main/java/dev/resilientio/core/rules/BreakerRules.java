package dev.resilientio.core.rules;

import dev.resilientio.core.ResilientIoConfigException;
import java.time.Duration;

/**
 * The rules of the circuit breaker's settings, shared by configuration, the annotation's attributes
 * and the compile-time checks, like {@link SettingRules} for the others. A threshold or a number of
 * trial calls above {@link #MAX_CALLS} would keep a breaker closed through an outage that no
 * operator waits out; an open duration above {@link #LONGEST_OPEN_DURATION} (24h) belongs to a switch
 * an operator throws, not to a breaker.
 */
public final class BreakerRules {

    /** The largest failure or success threshold, and the most trial calls at once. */
    public static final int MAX_CALLS = 10_000;
    /** What a threshold or a number of trial calls allows. */
    public static final String CALLS_ALLOWED = "a whole number from 1 to " + MAX_CALLS;
    /** The longest open duration. */
    public static final Duration LONGEST_OPEN_DURATION = Duration.ofHours(24);
    /** What an open duration allows. */
    public static final String OPEN_DURATION_ALLOWED =
            Durations.ALLOWED + ", more than 0 and at most " + Durations.format(LONGEST_OPEN_DURATION);
    /** The longest breaker name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** What a breaker name allows. */
    public static final String NAME_ALLOWED = "a name of 1 to " + MAX_NAME_LENGTH
            + " characters, not blank, such as tasks-share; an operation's name names its own breaker";

    private BreakerRules() {
    }

    /**
     * Parses a threshold or a number of trial calls.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, surrounding white space ignored
     * @return the number
     * @throws ResilientIoConfigException when not a whole number from 1 to {@link #MAX_CALLS}
     */
    public static int parseCalls(String setting, String text) {
        int value;
        try {
            value = SettingRules.parseMaxAttempts(setting, text);
        } catch (ResilientIoConfigException e) {
            // The attempts' rule knows the grammar; the range and the words of the message are the breaker's.
            throw SettingRules.invalid(setting, text, CALLS_ALLOWED);
        }
        checkCalls(setting, value);
        return value;
    }

    /**
     * Checks a threshold or a number of trial calls given as a value.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when outside 1..{@link #MAX_CALLS}
     */
    public static void checkCalls(String setting, int value) {
        if (value < 1 || value > MAX_CALLS) {
            throw SettingRules.invalid(setting, String.valueOf(value), CALLS_ALLOWED);
        }
    }

    /**
     * Parses an open duration.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, of the grammar of {@link Durations}
     * @return the duration
     * @throws ResilientIoConfigException when not of the grammar, zero, or longer than {@link #LONGEST_OPEN_DURATION}
     */
    public static Duration parseOpenDuration(String setting, String text) {
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (Durations.InvalidDuration e) {
            throw new ResilientIoConfigException(setting + "='" + text + "' is not allowed: " + e.reason()
                    + "; expected " + OPEN_DURATION_ALLOWED, e);
        }
        checkOpenDuration(setting, text, value);
        return value;
    }

    /**
     * Checks an open duration given as a value.
     *
     * @param setting the name of the setting, for the message
     * @param value the value
     * @throws ResilientIoConfigException when zero, negative or longer than {@link #LONGEST_OPEN_DURATION}
     */
    public static void checkOpenDuration(String setting, Duration value) {
        checkOpenDuration(setting, Durations.format(value), value);
    }

    private static void checkOpenDuration(String setting, String text, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ResilientIoConfigException(setting + "='" + text + "' is not allowed: a breaker open for no time"
                    + " never refuses a call; expected " + OPEN_DURATION_ALLOWED);
        }
        if (value.compareTo(LONGEST_OPEN_DURATION) > 0) {
            throw new ResilientIoConfigException(setting + "='" + text + "' is not allowed: it is longer than the"
                    + " maximum, " + Durations.format(LONGEST_OPEN_DURATION) + "; expected " + OPEN_DURATION_ALLOWED);
        }
    }

    /**
     * Parses the name of a breaker.
     *
     * @param setting the name of the setting, for the message
     * @param text the name; surrounding white space is removed
     * @return the name
     * @throws ResilientIoConfigException when blank or longer than {@link #MAX_NAME_LENGTH}
     */
    public static String parseName(String setting, String text) {
        String name = text == null ? "" : text.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw SettingRules.invalid(setting, text, NAME_ALLOWED);
        }
        return name;
    }
}
