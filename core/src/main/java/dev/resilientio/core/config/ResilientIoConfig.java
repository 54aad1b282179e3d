package dev.resilientio.core.config;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.breaker.CircuitBreakerSettings;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.rules.SettingRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime configuration: a snapshot of the environment variables, the system properties and the
 * settings an application framework installed ({@link #install(ApplicationSettings)}), read once.
 * Immutable and thread-safe.
 *
 * <p>One refresh rule for every entry point: annotated methods, {@code ResilientFiles},
 * {@code FileOperation}, the JSON helpers and the Kotlin helpers resolve their operation from the
 * snapshot that {@link #global()} returns at the start of each call, so a {@link #reload()} applies
 * from the next call everywhere. Nothing in resilient-io reads the environment or system properties
 * outside a snapshot.
 *
 * <p>A system property wins over the environment variable of the same setting, and both win over
 * the application setting of the same name. For one setting of one operation, highest first: the
 * per-operation system property ({@code resilientio.<name>....}), the per-operation variable
 * ({@code RESILIENT_IO_<NAME>_...}), the per-operation application setting, the caller's override
 * (an annotation's attribute, a Kotlin helper's argument), the global system property
 * ({@code resilientio....}), the global variable ({@code RESILIENT_IO_...}), the global application
 * setting, the built-in default. Every setting, its names and its default are listed in {@link Setting}; bad
 * values fail with a {@link ResilientIoConfigException} naming the variable, the value and what is
 * allowed. A variable or property that names no setting is reported once at WARN with the nearest
 * known name.
 */
public final class ResilientIoConfig {

    /** Not a holder class: a bad value must surface as this exception on every call, not an init error. */
    private static volatile ResilientIoConfig global;
    /** What the application framework installed; part of every snapshot that {@link #reload()} takes. */
    private static ApplicationSettings installed = ApplicationSettings.NONE;

    private final ConfigSources sources;
    private final boolean enabled;
    /** The lock provider and its settings, the JVM's alone. */
    private final LockSettings locks;
    /** Operations resolved without overrides, by name: the facades' and helpers' per-call lookup. */
    private final Map<String, OperationSettings> operations = new ConcurrentHashMap<>();

    private ResilientIoConfig(Map<String, String> environment, Map<String, String> properties,
            ApplicationSettings application) {
        this.sources = new ConfigSources(environment, properties, application);
        String[] chosen = sources.firstSet(null, Setting.ENABLED, SettingOverrides.NONE);
        this.enabled = chosen == null || (Boolean) Setting.ENABLED.parse(chosen[0], chosen[1]);
        // Resolved once here, so that a bad global value fails the snapshot, not some later call.
        operation(null, SettingOverrides.NONE);
        breakerValues(null, SettingOverrides.NONE);
        this.locks = resolveLocks();
        // An application's per-operation values too: its start-up fails, not the operation's first call.
        for (String op : sources.applicationOperations()) {
            operation(op);
            // The op may be a breaker's name (resilientio.<name>.circuit-breaker.*), or name one to pass through.
            breakerValues(op, SettingOverrides.NONE);
            circuitBreaker(op, SettingOverrides.NONE);
        }
    }

    /**
     * Returns the configuration of this JVM, read from the environment, the system properties and the
     * installed application settings on first use.
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
     * Reads the environment and system properties again and makes the result, with the installed
     * application settings, the configuration of this JVM; every entry point uses it from its next
     * call. For tests, and for applications that set {@code resilientio.*} system properties at
     * start-up after a first use.
     *
     * @return the new shared configuration
     * @throws ResilientIoConfigException when a variable has a bad value; the previous configuration stays
     */
    public static ResilientIoConfig reload() {
        synchronized (ResilientIoConfig.class) {
            ResilientIoConfig config = from(System.getenv(), systemProperties(), installed);
            global = config;
            return config;
        }
    }

    /**
     * Makes an application framework's settings part of the configuration of this JVM, below the
     * environment variables and system properties, and reloads at once: every entry point uses them
     * from its next call, and every later {@link #reload()} keeps them. Installing again replaces
     * the previous settings; {@link ApplicationSettings#NONE} removes them. Thread-safe.
     *
     * @param settings the settings, such as a Spring application's {@code resilientio.*} properties
     * @return the new shared configuration
     * @throws ResilientIoConfigException when a value is bad (the message names it as its
     *     {@code shownAs} text says, and what is allowed), or when a variable or system property is;
     *     the previous settings and configuration stay
     */
    public static ResilientIoConfig install(ApplicationSettings settings) {
        Objects.requireNonNull(settings, "settings");
        synchronized (ResilientIoConfig.class) {
            ResilientIoConfig config = from(System.getenv(), systemProperties(), settings);
            installed = settings;
            global = config;
            return config;
        }
    }

    /**
     * Returns the application settings installed for this JVM.
     *
     * @return the settings last installed; {@link ApplicationSettings#NONE} when none were
     */
    public static ApplicationSettings installed() {
        synchronized (ResilientIoConfig.class) {
            return installed;
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
        return from(environment, systemProperties, ApplicationSettings.NONE);
    }

    /**
     * Reads a configuration from the given maps and application settings, for tests and tools.
     *
     * @param environment environment variables
     * @param systemProperties system properties
     * @param application an application framework's settings, below the other two
     * @return the configuration
     * @throws ResilientIoConfigException when a value is bad
     */
    public static ResilientIoConfig from(Map<String, String> environment, Map<String, String> systemProperties,
            ApplicationSettings application) {
        ResilientIoConfig config = new ResilientIoConfig(environment, systemProperties,
                Objects.requireNonNull(application, "application"));
        UnknownSettings.report(config.sources.environment(), config.sources.properties(), application);
        return config;
    }

    /**
     * Returns the application settings this snapshot was read with.
     *
     * @return the settings; {@link ApplicationSettings#NONE} when none were installed
     */
    public ApplicationSettings applicationSettings() {
        return sources.application();
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
     * Returns the settings of one operation with no overrides, as the facades and helpers use them.
     * Resolved once per name and snapshot.
     *
     * @param operation the operation name, such as {@code ResilientFiles.writeText}
     * @return the settings
     * @throws ResilientIoConfigException when a value is bad; the message names where it came from
     */
    public OperationSettings operation(String operation) {
        Objects.requireNonNull(operation, "operation");
        OperationSettings known = operations.get(operation);
        return known != null ? known : operations.computeIfAbsent(operation, op -> operation(op, SettingOverrides.NONE));
    }

    /**
     * Resolves the settings of one operation with a caller's overrides (an annotation's attributes,
     * a Kotlin helper's arguments). Not cached: resolve once per method and keep the result for this snapshot.
     *
     * @param operation the operation name, or {@code null} for the global settings alone
     * @param overrides the caller's values
     * @return the settings
     * @throws ResilientIoConfigException when a value is bad; the message names where it came from
     */
    public OperationSettings operation(String operation, SettingOverrides overrides) {
        Objects.requireNonNull(overrides, "overrides");
        return new OperationResolver(sources, operation, overrides).resolve();
    }

    /**
     * Resolves the circuit breaker an operation's calls pass through: the one its per-operation
     * setting names ({@code RESILIENT_IO_<NAME>_CIRCUIT_BREAKER}, {@code resilientio.<name>.circuit-breaker}),
     * else the one its caller names ({@code @FileCircuitBreaker}, {@code FileOperation#withCircuitBreaker}),
     * with that breaker's settings: its own name's variables and properties, then the caller's values,
     * then the global ones, then the defaults. Not cached: resolve once per method or operation and snapshot.
     *
     * @param operation the operation name, such as {@code ResilientJson.updateJson}
     * @param overrides the caller's values: the breaker's name and its thresholds
     * @return the breaker's settings, or {@code null} when the operation names no breaker, or breakers
     *     (all, or this one by {@code RESILIENT_IO_<NAME>_CIRCUIT_BREAKER_ENABLED}) are switched off
     * @throws ResilientIoConfigException when a value is bad; the message names where it came from
     */
    public CircuitBreakerSettings circuitBreaker(String operation, SettingOverrides overrides) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(overrides, "overrides");
        String[] named = sources.firstSetForOperation(operation, Setting.CIRCUIT_BREAKER, overrides);
        if (named == null) {
            return null;
        }
        String name = (String) Setting.CIRCUIT_BREAKER.parse(named[0], named[1]);
        Object[] values = breakerValues(name, overrides);
        return values == null ? null : new CircuitBreakerSettings(name, (Integer) values[0], (Integer) values[1],
                (Duration) values[2], (Integer) values[3]);
    }

    /** A breaker's thresholds by the precedence of {@link ConfigSources}, or {@code null} when it is switched off. */
    private Object[] breakerValues(String name, SettingOverrides overrides) {
        Setting[] settings = {Setting.CIRCUIT_BREAKER_FAILURE_THRESHOLD, Setting.CIRCUIT_BREAKER_SUCCESS_THRESHOLD,
            Setting.CIRCUIT_BREAKER_OPEN_DURATION, Setting.CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS};
        Object[] values = new Object[settings.length];
        for (int i = 0; i < settings.length; i++) {
            String[] chosen = sources.firstSet(name, settings[i], overrides);
            values[i] = chosen == null ? settings[i].defaultValue() : settings[i].parse(chosen[0], chosen[1]);
        }
        String[] enabled = sources.firstSet(name, Setting.CIRCUIT_BREAKER_ENABLED, overrides);
        return enabled == null || (Boolean) Setting.CIRCUIT_BREAKER_ENABLED.parse(enabled[0], enabled[1]) ? values : null;
    }

    /**
     * Returns how files are locked across processes and hosts: the provider and its settings, which
     * are the JVM's alone (no operation has its own).
     *
     * @return the lock settings of this snapshot
     */
    public LockSettings locks() {
        return locks;
    }

    private LockSettings resolveLocks() {
        String[] provider = sources.firstSet(null, Setting.LOCK_PROVIDER, SettingOverrides.NONE);
        String[] connect = sources.firstSet(null, Setting.ZOOKEEPER_CONNECT, SettingOverrides.NONE);
        return new LockSettings(
                provider == null ? (String) Setting.LOCK_PROVIDER.defaultValue()
                        : (String) Setting.LOCK_PROVIDER.parse(provider[0], provider[1]),
                provider == null ? "the built-in default of " + Setting.LOCK_PROVIDER.envName() : provider[0],
                connect == null ? null : (String) Setting.ZOOKEEPER_CONNECT.parse(connect[0], connect[1]),
                connect == null ? null : connect[0],
                (String) global(Setting.ZOOKEEPER_NAMESPACE),
                (Duration) global(Setting.ZOOKEEPER_SESSION_TIMEOUT),
                (Boolean) global(Setting.LOCK_OS),
                (Path) global(Setting.LOCK_SHARED_ROOT));
    }

    /** A setting's value by the global sources alone, parsed; its default when none is set. */
    private Object global(Setting setting) {
        String[] chosen = sources.firstSet(null, setting, SettingOverrides.NONE);
        return chosen == null ? setting.defaultValue() : setting.parse(chosen[0], chosen[1]);
    }

    /**
     * Looks up a name as {@code ${NAME}} in a {@code @FileLocked(path)} does: the system property of
     * that name, else the environment variable, as this snapshot holds them.
     *
     * @param name the name
     * @return the value, or {@code null} when neither is set
     */
    public String lookup(String name) {
        return sources.lookup(name);
    }

    /**
     * Returns the form an operation name takes in environment variables: upper-cased, every
     * character other than a letter or digit replaced by {@code _}.
     *
     * @param operation the operation name, such as {@code TaskStore.save}
     * @return the key, such as {@code TASKSTORE_SAVE}
     */
    public static String environmentKey(String operation) {
        return Setting.environmentKey(operation);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> copy = new HashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key instanceof String && value instanceof String) {
                copy.put((String) key, (String) value);
            }
        });
        return copy;
    }

    /** Resolves one operation's settings by the precedence of {@link ConfigSources}. */
    private static final class OperationResolver {
        private final ConfigSources sources;
        private final String op;
        private final SettingOverrides overrides;

        OperationResolver(ConfigSources sources, String op, SettingOverrides overrides) {
            this.sources = sources;
            this.op = op;
            this.overrides = overrides;
        }

        OperationSettings resolve() {
            Duration initialDelay = value(Setting.RETRY_INITIAL_DELAY);
            Duration maxDelay = value(Setting.RETRY_MAX_DELAY);
            String initialSource = sources.sourceOf(op, Setting.RETRY_INITIAL_DELAY, overrides);
            String maxSource = sources.sourceOf(op, Setting.RETRY_MAX_DELAY, overrides);
            String variables = op == null ? Setting.RETRY_MAX_DELAY.envName()
                    : Setting.RETRY_MAX_DELAY.envName(op) + " or " + Setting.RETRY_MAX_DELAY.envName();
            // An application's own value is fixed where it was written, not by a variable it never set.
            String fix = isApplication(maxSource) ? "raise " + maxSource : "set " + variables;
            SettingRules.checkDelayOrder(maxSource, maxDelay, initialSource, initialDelay, fix + " to a duration >= "
                    + Durations.format(initialDelay) + ", or lower " + initialSource);
            RetrySettings retry = RetrySettings.builder()
                    .maxAttempts(value(Setting.RETRY_MAX_ATTEMPTS))
                    .initialDelay(initialDelay)
                    .maxDelay(maxDelay)
                    .multiplier(value(Setting.RETRY_MULTIPLIER))
                    .jitter(value(Setting.RETRY_JITTER))
                    .retryOn(overrides.retryOn())
                    .abortOn(overrides.abortOn())
                    .build();
            Duration lockTimeout = value(Setting.LOCK_TIMEOUT);
            int backups = value(Setting.ATOMIC_BACKUPS);
            Durability durability = value(Setting.ATOMIC_DURABILITY);
            AtomicSettings atomic = new AtomicSettings(backups, overrides.copyExisting(), durability,
                    value(Setting.ATOMIC_KEEP_FAILED), value(Setting.ATOMIC_RECOVERY_DIR));
            return new OperationSettings(op == null ? "" : op, retry, lockTimeout, atomic, value(Setting.RETRY_MAX_DURATION));
        }

        private boolean isApplication(String source) {
            return sources.application().values().keySet().stream()
                    .anyMatch(name -> source.equals(sources.application().shownAs(name)));
        }

        @SuppressWarnings("unchecked")
        private <T> T value(Setting setting) {
            String[] chosen = sources.firstSet(op, setting, overrides);
            return (T) (chosen == null ? setting.defaultValue() : setting.parse(chosen[0], chosen[1]));
        }
    }
}
