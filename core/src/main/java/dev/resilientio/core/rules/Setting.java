package dev.resilientio.core.rules;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.ResilientIoConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Every setting of resilient-io, with its names, its built-in default and its rule: the one list
 * that configuration, builders and the unknown-setting check read. Per operation, the environment
 * variable is {@code RESILIENT_IO_<NAME>_} followed by {@link #envSuffix()} and the system property
 * {@code resilientio.<name>.} followed by {@link #propertySuffix()}.
 */
public enum Setting {

    /** Whether the annotations are active; {@code false} makes every annotation a pass-through. */
    ENABLED("ENABLED", "enabled", "true", Setting::parseBoolean),
    /** Total attempts, the first included. */
    RETRY_MAX_ATTEMPTS("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "3", SettingRules::parseMaxAttempts),
    /** The delay before the second attempt. */
    RETRY_INITIAL_DELAY("RETRY_INITIAL_DELAY", "retry.initial-delay", "100ms", SettingRules::parseDelay),
    /** The cap on any one delay. */
    RETRY_MAX_DELAY("RETRY_MAX_DELAY", "retry.max-delay", "10s", SettingRules::parseDelay),
    /** The growth factor of the delay. */
    RETRY_MULTIPLIER("RETRY_MULTIPLIER", "retry.multiplier", "2.0", SettingRules::parseMultiplier),
    /** Each delay {@code d} becomes uniform in {@code [d * (1 - jitter), d]}. */
    RETRY_JITTER("RETRY_JITTER", "retry.jitter", "0.5", SettingRules::parseJitter),
    /** The deadline of one call, all attempts, backoffs and lock waits included; none by default. */
    RETRY_MAX_DURATION("RETRY_MAX_DURATION", "retry.max-duration", null, SettingRules::parseMaxDuration),
    /** How long to wait for a lock. */
    LOCK_TIMEOUT("LOCK_TIMEOUT", "lock.timeout", "10s", SettingRules::parseLockTimeout),
    /** Rotating backups an atomic write keeps. */
    ATOMIC_BACKUPS("ATOMIC_BACKUPS", "atomic.backups", "0", SettingRules::parseBackups),
    /** Whether atomic writes fsync. */
    ATOMIC_DURABILITY("ATOMIC_DURABILITY", "atomic.durability", "fsync", Setting::parseDurability),
    /** Whether content an atomic write could not commit is kept as a recovery file {@code <name>.failed}. */
    ATOMIC_KEEP_FAILED("ATOMIC_KEEP_FAILED", "atomic.keep-failed", "false", Setting::parseBoolean),
    /** Where recovery files go; none by default: beside the target. An absolute directory. */
    ATOMIC_RECOVERY_DIR("ATOMIC_RECOVERY_DIR", "atomic.recovery-dir", null, SettingRules::parseRecoveryDir),
    /**
     * The circuit breaker an operation's calls pass through, per operation only (a global value would
     * put every operation of the JVM behind one breaker); none by default.
     */
    CIRCUIT_BREAKER("CIRCUIT_BREAKER", "circuit-breaker", null, BreakerRules::parseName),
    /** Whether circuit breakers are active; {@code false} makes every breaker a pass-through. */
    CIRCUIT_BREAKER_ENABLED("CIRCUIT_BREAKER_ENABLED", "circuit-breaker.enabled", "true", Setting::parseBoolean),
    /** Consecutive counted failures that open a breaker. */
    CIRCUIT_BREAKER_FAILURE_THRESHOLD("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "circuit-breaker.failure-threshold", "5",
            BreakerRules::parseCalls),
    /** Successful trial calls that close a half-open breaker. */
    CIRCUIT_BREAKER_SUCCESS_THRESHOLD("CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "circuit-breaker.success-threshold", "2",
            BreakerRules::parseCalls),
    /** How long a breaker stays open before it lets trial calls through. */
    CIRCUIT_BREAKER_OPEN_DURATION("CIRCUIT_BREAKER_OPEN_DURATION", "circuit-breaker.open-duration", "60s",
            BreakerRules::parseOpenDuration),
    /** Trial calls a half-open breaker lets through at once. */
    CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS("CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", "circuit-breaker.half-open-max-calls", "1",
            BreakerRules::parseCalls),
    /**
     * What locks files besides the JVM's own registry: {@code local} (the OS lock file alone) or
     * {@code zookeeper} (Apache ZooKeeper, with {@code resilient-io-zookeeper}); for the whole JVM only.
     */
    LOCK_PROVIDER("LOCK_PROVIDER", "lock.provider", "local", LockProviderRules::parseProvider, false),
    /** The ZooKeeper ensemble, {@code host:port[,host:port...]}; required with the {@code zookeeper} provider. */
    ZOOKEEPER_CONNECT("ZOOKEEPER_CONNECT", "zookeeper.connect", null, LockProviderRules::parseConnect, false),
    /** The ZooKeeper node under which every lock of the JVM lives. */
    ZOOKEEPER_NAMESPACE("ZOOKEEPER_NAMESPACE", "zookeeper.namespace", "resilient-io", LockProviderRules::parseNamespace,
            false),
    /** How long ZooKeeper keeps a silent client's session, and with it its locks. */
    ZOOKEEPER_SESSION_TIMEOUT("ZOOKEEPER_SESSION_TIMEOUT", "zookeeper.session-timeout", "15s",
            LockProviderRules::parseSessionTimeout, false),
    /** Whether the OS lock file is taken; {@code false} relies on the JVM registry and the provider alone. */
    LOCK_OS("LOCK_OS", "lock.os", "true", Setting::parseBoolean, false),
    /**
     * The directory that lock keys are relative to, so that hosts mounting one share at different
     * places agree on a file's key; none by default: the key is the file's real path.
     */
    LOCK_SHARED_ROOT("LOCK_SHARED_ROOT", "lock.shared-root", null, LockProviderRules::parseSharedRoot, false);

    /** The prefix of every environment variable. */
    public static final String ENV_PREFIX = "RESILIENT_IO_";
    /** The prefix of every system property. */
    public static final String PROPERTY_PREFIX = "resilientio.";

    private final String envSuffix;
    private final String propertySuffix;
    private final String defaultText;
    private final BiFunction<String, String, ?> rule;
    /** The default, parsed once: every operation that resolves without a value takes it. */
    private final Object defaultValue;
    /** Whether an operation may have its own value; else the setting is the JVM's alone. */
    private final boolean perOperation;

    Setting(String envSuffix, String propertySuffix, String defaultText, BiFunction<String, String, ?> rule) {
        this(envSuffix, propertySuffix, defaultText, rule, true);
    }

    Setting(String envSuffix, String propertySuffix, String defaultText, BiFunction<String, String, ?> rule,
            boolean perOperation) {
        this.envSuffix = envSuffix;
        this.propertySuffix = propertySuffix;
        this.defaultText = defaultText;
        this.rule = rule;
        this.perOperation = perOperation;
        this.defaultValue = defaultText == null ? null
                : rule.apply("the built-in default of " + ENV_PREFIX + envSuffix, defaultText);
    }

    /**
     * Returns the environment variable of the global setting, such as {@code RESILIENT_IO_LOCK_TIMEOUT}.
     *
     * @return the variable's name
     */
    public String envName() {
        return ENV_PREFIX + envSuffix;
    }

    /**
     * Returns the system property of the global setting, such as {@code resilientio.lock.timeout}.
     *
     * @return the property's name
     */
    public String propertyName() {
        return PROPERTY_PREFIX + propertySuffix;
    }

    /**
     * Tells whether an operation may have its own value of this setting; the lock provider's
     * settings are the JVM's alone.
     *
     * @return {@code false} for a setting read only under its global names
     */
    public boolean perOperation() {
        return perOperation;
    }

    /**
     * Returns the environment variable of this setting for one operation.
     *
     * @param operation the operation name, such as {@code TaskStore.save}
     * @return such as {@code RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMEOUT}
     */
    public String envName(String operation) {
        return ENV_PREFIX + environmentKey(operation) + "_" + envSuffix;
    }

    /**
     * Returns the form an operation name takes in environment variables: upper-cased, every
     * character other than a letter or digit replaced by {@code _}.
     *
     * @param operation the operation name, such as {@code TaskStore.save}
     * @return the key, such as {@code TASKSTORE_SAVE}
     */
    public static String environmentKey(String operation) {
        StringBuilder key = new StringBuilder(operation.length());
        for (int i = 0; i < operation.length(); i++) {
            char c = operation.charAt(i);
            key.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return key.toString();
    }

    /**
     * Returns the system property of this setting for one operation.
     *
     * @param operation the operation name
     * @return such as {@code resilientio.TaskStore.save.lock.timeout}
     */
    public String propertyName(String operation) {
        return PROPERTY_PREFIX + operation + "." + propertySuffix;
    }

    /**
     * Returns what follows the operation's key in a per-operation variable, such as {@code LOCK_TIMEOUT}.
     *
     * @return the suffix
     */
    public String envSuffix() {
        return envSuffix;
    }

    /**
     * Returns what follows the operation name in a per-operation property, such as {@code lock.timeout}.
     *
     * @return the suffix
     */
    public String propertySuffix() {
        return propertySuffix;
    }

    /**
     * Returns the built-in default as text, or {@code null} when the setting has none.
     *
     * @return the default
     */
    public String defaultText() {
        return defaultText;
    }

    /**
     * Parses a value of this setting by its rule.
     *
     * @param source names where the value comes from, for the message
     * @param text the value
     * @return the value, of the setting's type
     * @throws ResilientIoConfigException when the value breaks the rule
     */
    public Object parse(String source, String text) {
        return rule.apply(source, text);
    }

    /**
     * Returns the built-in default, parsed.
     *
     * @return the default, or {@code null} when there is none
     */
    public Object defaultValue() {
        return defaultValue;
    }

    static boolean parseBoolean(String setting, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw SettingRules.invalid(setting, text, "true or false");
    }

    static Durability parseDurability(String setting, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("fsync")) {
            return Durability.FSYNC;
        }
        if (value.equals("none")) {
            return Durability.NONE;
        }
        throw SettingRules.invalid(setting, text, "fsync or none");
    }

    /** The built-in defaults, parsed once, for the builders of settings. */
    public static final class Defaults {
        /** {@link #RETRY_MAX_ATTEMPTS}'s default. */
        public static final int MAX_ATTEMPTS = (Integer) RETRY_MAX_ATTEMPTS.defaultValue();
        /** {@link #RETRY_INITIAL_DELAY}'s default. */
        public static final Duration INITIAL_DELAY = (Duration) RETRY_INITIAL_DELAY.defaultValue();
        /** {@link #RETRY_MAX_DELAY}'s default. */
        public static final Duration MAX_DELAY = (Duration) RETRY_MAX_DELAY.defaultValue();
        /** {@link #RETRY_MULTIPLIER}'s default. */
        public static final double MULTIPLIER = (Double) RETRY_MULTIPLIER.defaultValue();
        /** {@link #RETRY_JITTER}'s default. */
        public static final double JITTER = (Double) RETRY_JITTER.defaultValue();
        /** {@link #LOCK_TIMEOUT}'s default. */
        public static final Duration LOCK_TIMEOUT = (Duration) Setting.LOCK_TIMEOUT.defaultValue();
        /** {@link #ATOMIC_BACKUPS}'s default. */
        public static final int BACKUPS = (Integer) ATOMIC_BACKUPS.defaultValue();
        /** {@link #ATOMIC_DURABILITY}'s default. */
        public static final Durability DURABILITY = (Durability) ATOMIC_DURABILITY.defaultValue();
        /** {@link #ATOMIC_KEEP_FAILED}'s default. */
        public static final boolean KEEP_FAILED = (Boolean) ATOMIC_KEEP_FAILED.defaultValue();
        /** {@link #CIRCUIT_BREAKER_FAILURE_THRESHOLD}'s default. */
        public static final int FAILURE_THRESHOLD = (Integer) CIRCUIT_BREAKER_FAILURE_THRESHOLD.defaultValue();
        /** {@link #CIRCUIT_BREAKER_SUCCESS_THRESHOLD}'s default. */
        public static final int SUCCESS_THRESHOLD = (Integer) CIRCUIT_BREAKER_SUCCESS_THRESHOLD.defaultValue();
        /** {@link #CIRCUIT_BREAKER_OPEN_DURATION}'s default. */
        public static final Duration OPEN_DURATION = (Duration) CIRCUIT_BREAKER_OPEN_DURATION.defaultValue();
        /** {@link #CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS}'s default. */
        public static final int HALF_OPEN_MAX_CALLS = (Integer) CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS.defaultValue();

        private Defaults() {
        }
    }
}
