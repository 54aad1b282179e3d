package dev.resilientio.core;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The runtime configuration: environment variables and system properties, read once. Immutable
 * and thread-safe.
 *
 * <p>A system property wins over the environment variable of the same setting. For one setting of
 * one operation, highest first: the per-operation variable ({@code RESILIENT_IO_<NAME>_...} or
 * {@code resilientio.<name>....}), the annotation's attribute, the global variable
 * ({@code RESILIENT_IO_...} or {@code resilientio....}), the built-in default. Bad values fail with
 * a {@link ResilientIoConfigException} naming the variable, the value and what is allowed. Every
 * source goes through the same rules ({@link SettingRules}): numbers in the ASCII digits 0-9,
 * backoff delays at most 1h, lock timeouts at most 24h.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>environment variable</th><th>system property</th><th>default</th><th>allowed</th></tr>
 * <tr><td>RESILIENT_IO_ENABLED</td><td>resilientio.enabled</td><td>true</td><td>true or false</td></tr>
 * <tr><td>RESILIENT_IO_RETRY_MAX_ATTEMPTS</td><td>resilientio.retry.max-attempts</td><td>3</td>
 *     <td>1 to 2147483647</td></tr>
 * <tr><td>RESILIENT_IO_RETRY_INITIAL_DELAY</td><td>resilientio.retry.initial-delay</td><td>100ms</td>
 *     <td>0 to 1h</td></tr>
 * <tr><td>RESILIENT_IO_RETRY_MAX_DELAY</td><td>resilientio.retry.max-delay</td><td>10s</td>
 *     <td>the initial delay to 1h</td></tr>
 * <tr><td>RESILIENT_IO_RETRY_MULTIPLIER</td><td>resilientio.retry.multiplier</td><td>2.0</td><td>&gt;= 1.0</td></tr>
 * <tr><td>RESILIENT_IO_RETRY_JITTER</td><td>resilientio.retry.jitter</td><td>0.5</td><td>0.0 to 1.0</td></tr>
 * <tr><td>RESILIENT_IO_LOCK_TIMEOUT</td><td>resilientio.lock.timeout</td><td>10s</td><td>0 to 24h</td></tr>
 * <tr><td>RESILIENT_IO_ATOMIC_BACKUPS</td><td>resilientio.atomic.backups</td><td>0</td><td>0 to 100</td></tr>
 * <tr><td>RESILIENT_IO_ATOMIC_DURABILITY</td><td>resilientio.atomic.durability</td><td>fsync</td>
 *     <td>fsync or none</td></tr>
 * </table>
 */
public final class ResilientIoConfig {

    private static final String ENV_PREFIX = "RESILIENT_IO_";
    private static final String PROPERTY_PREFIX = "resilientio.";

    /** Not a holder class: a bad value must surface as this exception on every call, not an init error. */
    private static volatile ResilientIoConfig global;

    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final boolean enabled;
    private final RetrySettings retry;
    private final Duration lockTimeout;
    private final AtomicSettings atomic;
    private final Map<String, RetrySettings> retryByOperation = new ConcurrentHashMap<>();

    private ResilientIoConfig(Map<String, String> environment, Map<String, String> properties) {
        this.environment = Map.copyOf(environment);
        this.properties = Map.copyOf(properties);
        this.enabled = global(Setting.ENABLED, ResilientIoConfig::parseBoolean, true);
        this.retry = resolveRetry(null, null);
        this.lockTimeout = global(Setting.LOCK_TIMEOUT, SettingRules::parseLockTimeout, Duration.ofSeconds(10));
        this.atomic = resolveAtomic(null, null);
    }

    /**
     * Returns the configuration of this JVM, read from the environment and system properties on
     * first use.
     *
     * @return the shared configuration
     * @throws ResilientIoConfigException when a variable has a bad value
     */
    public static ResilientIoConfig global() {
        ResilientIoConfig config = global;
        if (config == null) {
            synchronized (ResilientIoConfig.class) {
                config = global != null ? global : reload();
            }
        }
        return config;
    }

    /**
     * Reads the environment and system properties again and makes the result the configuration
     * of this JVM; annotated methods use it from their next call. For tests, and for applications
     * that set {@code resilientio.*} system properties at start-up after a first use.
     *
     * @return the new shared configuration
     * @throws ResilientIoConfigException when a variable has a bad value; the previous configuration stays
     */
    public static ResilientIoConfig reload() {
        synchronized (ResilientIoConfig.class) {
            ResilientIoConfig config = new ResilientIoConfig(System.getenv(), systemProperties());
            global = config;
            return config;
        }
    }

    /**
     * Reads a configuration from the given maps, for tests and tools.
     *
     * @param environment environment variables
     * @param systemProperties system properties
     * @return the configuration
     * @throws ResilientIoConfigException when a variable has a bad value
     */
    public static ResilientIoConfig from(Map<String, String> environment, Map<String, String> systemProperties) {
        return new ResilientIoConfig(environment, systemProperties);
    }

    /**
     * Tells whether the annotations are active; {@code RESILIENT_IO_ENABLED=false} makes every
     * annotation a pass-through.
     *
     * @return {@code true} unless switched off
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Returns the global retry settings (no operation, no annotation).
     *
     * @return the settings
     */
    public RetrySettings retry() {
        return retry;
    }

    /**
     * Returns the global lock timeout.
     *
     * @return the timeout
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * Returns the global atomic-write settings.
     *
     * @return the settings
     */
    public AtomicSettings atomic() {
        return atomic;
    }

    /**
     * Resolves the retry settings of one operation.
     *
     * @param operation the operation name, such as {@code TaskStore.save}
     * @param annotation the method's annotation, or {@code null} for none
     * @return the settings
     * @throws ResilientIoConfigException when a value is bad; the message names where it came from
     */
    public RetrySettings retryFor(String operation, RetryFileOperation annotation) {
        Objects.requireNonNull(operation, "operation");
        if (annotation == null) {
            return retryByOperation.computeIfAbsent(operation, op -> resolveRetry(op, null));
        }
        return resolveRetry(operation, annotation);
    }

    /**
     * Resolves the lock timeout of one operation.
     *
     * @param operation the operation name
     * @param annotation the method's annotation, or {@code null} for none
     * @return the timeout
     * @throws ResilientIoConfigException when a value is bad
     */
    public Duration lockTimeoutFor(String operation, FileLocked annotation) {
        String attribute = annotation == null || annotation.timeout().isEmpty() ? null : annotation.timeout();
        return resolve(operation, Setting.LOCK_TIMEOUT, attribute,
                "@FileLocked(timeout)" + (operation == null ? "" : " of " + operation), SettingRules::parseLockTimeout,
                Duration.ofSeconds(10));
    }

    /**
     * Resolves the atomic-write settings of one operation.
     *
     * @param operation the operation name
     * @param annotation the method's annotation, or {@code null} for none
     * @return the settings
     * @throws ResilientIoConfigException when a value is bad
     */
    public AtomicSettings atomicFor(String operation, AtomicWrite annotation) {
        return resolveAtomic(operation, annotation);
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

    private RetrySettings resolveRetry(String op, RetryFileOperation a) {
        String where = op == null ? "" : " of " + op;
        int maxAttempts = resolve(op, Setting.RETRY_MAX_ATTEMPTS,
                a == null || a.maxAttempts() == -1 ? null : String.valueOf(a.maxAttempts()),
                "@RetryFileOperation(maxAttempts)" + where, SettingRules::parseMaxAttempts, 3);
        Duration initialDelay = resolve(op, Setting.RETRY_INITIAL_DELAY,
                a == null || a.initialDelay().isEmpty() ? null : a.initialDelay(),
                "@RetryFileOperation(initialDelay)" + where, SettingRules::parseDelay, Duration.ofMillis(100));
        Duration maxDelay = resolve(op, Setting.RETRY_MAX_DELAY,
                a == null || a.maxDelay().isEmpty() ? null : a.maxDelay(),
                "@RetryFileOperation(maxDelay)" + where, SettingRules::parseDelay, Duration.ofSeconds(10));
        double multiplier = resolve(op, Setting.RETRY_MULTIPLIER,
                a == null || a.multiplier() == -1 ? null : plain(a.multiplier()),
                "@RetryFileOperation(multiplier)" + where, SettingRules::parseMultiplier, 2.0);
        double jitter = resolve(op, Setting.RETRY_JITTER,
                a == null || a.jitter() == -1 ? null : plain(a.jitter()),
                "@RetryFileOperation(jitter)" + where, SettingRules::parseJitter, 0.5);
        if (maxDelay.compareTo(initialDelay) < 0) {
            String maxSource = sourceOf(op, Setting.RETRY_MAX_DELAY,
                    a == null || a.maxDelay().isEmpty() ? null : a.maxDelay(), "@RetryFileOperation(maxDelay)" + where);
            String initialSource = sourceOf(op, Setting.RETRY_INITIAL_DELAY,
                    a == null || a.initialDelay().isEmpty() ? null : a.initialDelay(),
                    "@RetryFileOperation(initialDelay)" + where);
            throw new ResilientIoConfigException("the maximum retry delay" + where + " (" + Durations.format(maxDelay)
                    + ", from " + maxSource + ") is shorter than the initial delay (" + Durations.format(initialDelay)
                    + ", from " + initialSource + "); raise the maximum (" + describeSources(op, Setting.RETRY_MAX_DELAY)
                    + ") to a duration >= the initial delay, or lower " + initialSource);
        }
        List<Class<? extends Throwable>> retryOn = a == null ? List.of() : Arrays.asList(a.retryOn());
        List<Class<? extends Throwable>> abortOn = a == null ? List.of() : Arrays.asList(a.abortOn());
        return RetrySettings.builder()
                .maxAttempts(maxAttempts)
                .initialDelay(initialDelay)
                .maxDelay(maxDelay)
                .multiplier(multiplier)
                .jitter(jitter)
                .retryOn(retryOn)
                .abortOn(abortOn)
                .build();
    }

    private AtomicSettings resolveAtomic(String op, AtomicWrite a) {
        String where = op == null ? "" : " of " + op;
        int backups = resolve(op, Setting.ATOMIC_BACKUPS,
                a == null || a.backups() == -1 ? null : String.valueOf(a.backups()),
                "@AtomicWrite(backups)" + where, SettingRules::parseBackups, 0);
        Durability durability = resolve(op, Setting.ATOMIC_DURABILITY,
                a == null || a.durability() == Durability.DEFAULT ? null : a.durability().name(),
                "@AtomicWrite(durability)" + where, ResilientIoConfig::parseDurability, Durability.FSYNC);
        return new AtomicSettings(backups, a != null && a.copyExisting(), durability);
    }

    private <T> T global(Setting setting, BiFunction<String, String, T> parser, T fallback) {
        return resolve(null, setting, null, null, parser, fallback);
    }

    /**
     * Finds one setting by precedence and parses it by its rule in {@link SettingRules}, which
     * names the source, the value and what is allowed in any error.
     */
    private <T> T resolve(String op, Setting setting, String attribute, String attributeName,
            BiFunction<String, String, T> parser, T fallback) {
        String[] chosen = firstSet(op, setting, attribute, attributeName);
        return chosen == null ? fallback : parser.apply(chosen[0], chosen[1]);
    }

    /** Names where a setting's value comes from, as {@link #resolve} picks it. */
    private String sourceOf(String op, Setting setting, String attribute, String attributeName) {
        String[] chosen = firstSet(op, setting, attribute, attributeName);
        return chosen == null ? "the built-in default" : chosen[0];
    }

    /** The precedence of one setting: the first source that is set, as {name, value}, or null. */
    private String[] firstSet(String op, Setting setting, String attribute, String attributeName) {
        String[][] candidates = {
            op == null ? null : new String[] {"system property " + PROPERTY_PREFIX + op + "." + setting.property,
                properties.get(PROPERTY_PREFIX + op + "." + setting.property)},
            op == null ? null : new String[] {ENV_PREFIX + environmentKey(op) + "_" + setting.env,
                environment.get(ENV_PREFIX + environmentKey(op) + "_" + setting.env)},
            {attributeName, attribute},
            {"system property " + PROPERTY_PREFIX + setting.property, properties.get(PROPERTY_PREFIX + setting.property)},
            {ENV_PREFIX + setting.env, environment.get(ENV_PREFIX + setting.env)},
        };
        for (String[] candidate : candidates) {
            if (candidate != null && candidate[1] != null) {
                return candidate;
            }
        }
        return null;
    }

    private String describeSources(String op, Setting setting) {
        String global = ENV_PREFIX + setting.env;
        return op == null ? global : ENV_PREFIX + environmentKey(op) + "_" + setting.env + " or " + global;
    }

    /** An attribute's double as the plain decimal the settings grammar takes (never "1.0E-4"). */
    private static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : String.valueOf(value);
    }

    private static boolean parseBoolean(String setting, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw SettingRules.invalid(setting, text, "true or false");
    }

    private static Durability parseDurability(String setting, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("fsync")) {
            return Durability.FSYNC;
        }
        if (value.equals("none")) {
            return Durability.NONE;
        }
        throw SettingRules.invalid(setting, text, "fsync or none");
    }

    /** Every setting with its names; its rule is the parser {@link #resolve} is given, from {@link SettingRules}. */
    private enum Setting {
        ENABLED("ENABLED", "enabled"),
        RETRY_MAX_ATTEMPTS("RETRY_MAX_ATTEMPTS", "retry.max-attempts"),
        RETRY_INITIAL_DELAY("RETRY_INITIAL_DELAY", "retry.initial-delay"),
        RETRY_MAX_DELAY("RETRY_MAX_DELAY", "retry.max-delay"),
        RETRY_MULTIPLIER("RETRY_MULTIPLIER", "retry.multiplier"),
        RETRY_JITTER("RETRY_JITTER", "retry.jitter"),
        LOCK_TIMEOUT("LOCK_TIMEOUT", "lock.timeout"),
        ATOMIC_BACKUPS("ATOMIC_BACKUPS", "atomic.backups"),
        ATOMIC_DURABILITY("ATOMIC_DURABILITY", "atomic.durability");

        final String env;
        final String property;

        Setting(String env, String property) {
            this.env = env;
            this.property = property;
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> copy = new HashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key instanceof String && value instanceof String && ((String) key).startsWith(PROPERTY_PREFIX)) {
                copy.put((String) key, (String) value);
            }
        });
        return copy;
    }
}
