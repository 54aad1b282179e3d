package dev.resilientio.core.config;

import dev.resilientio.core.rules.Setting;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings that an application framework supplies from its own configuration (Spring's
 * {@code application.properties}, say), installed with {@link ResilientIoConfig#install}. They rank
 * below the engine's own sources, so that an operator's environment variable or system property
 * always wins: for one setting of one operation, highest first, the per-operation system property,
 * the per-operation environment variable, the per-operation application setting, the caller's
 * override (an annotation's attribute), the global system property, the global environment variable,
 * the global application setting, the built-in default.
 *
 * <p>Each value is keyed by the system property of its setting ({@link Setting#propertyName()}, or
 * {@link Setting#propertyName(String)} per operation) and carries how messages show it, such as
 * {@code application property resilientio.retry.max-attempts (class path resource [application.yml] - 2:17)},
 * so that a bad value is reported where the user wrote it. Immutable and thread-safe.
 */
public final class ApplicationSettings {

    /** No application settings: the engine reads its environment variables and system properties alone. */
    public static final ApplicationSettings NONE = builder().build();

    private final Map<String, String> values;
    private final Map<String, String> shownAs;
    private final Set<String> frameworkNames;

    private ApplicationSettings(Builder builder) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(builder.values));
        this.shownAs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.shownAs));
        this.frameworkNames = Collections.unmodifiableSet(new LinkedHashSet<>(builder.frameworkNames));
    }

    /**
     * Starts a builder with no settings.
     *
     * @return a new builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns every value, keyed by the system property of its setting, in the order they were set.
     *
     * @return the values; unmodifiable
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * Returns how messages show one value's name and origin.
     *
     * @param name the system-property name the value was set under
     * @return the text given to {@link Builder#set}, or {@code null} when no value has that name
     */
    public String shownAs(String name) {
        return shownAs.get(name);
    }

    /**
     * Returns the {@code resilientio.*} names that the framework reads itself (such as
     * {@code resilientio.weaving-check}); the engine does not report them as unknown.
     *
     * @return the names; unmodifiable
     */
    public Set<String> frameworkNames() {
        return frameworkNames;
    }

    /** The value of that exact name, or {@code null}. */
    String get(String name) {
        return values.get(name);
    }

    /** Builds {@link ApplicationSettings}; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> shownAs = new LinkedHashMap<>();
        private final Set<String> frameworkNames = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Gives one setting a value; a later call for the same name replaces the earlier one. A name
         * that starts with {@code resilientio.} but names no setting is reported once at WARN when
         * the settings are installed, with the nearest known name.
         *
         * @param name the system property of the setting, such as {@code resilientio.retry.max-attempts},
         *     or per operation {@code resilientio.TaskStore.save.lock.timeout}
         * @param value the value as text, parsed by the setting's rule when a snapshot is taken
         * @param shownAs how messages name it, with where it was written, such as
         *     {@code application property resilientio.retry.max-attempts (class path resource [application.yml] - 2:17)}
         * @return this builder
         */
        public Builder set(String name, String value, String shownAs) {
            Objects.requireNonNull(name, "name");
            values.put(name, Objects.requireNonNull(value, "value"));
            this.shownAs.put(name, Objects.requireNonNull(shownAs, "shownAs"));
            return this;
        }

        /**
         * Names a {@code resilientio.*} property that the framework reads itself, such as
         * {@code resilientio.weaving-check}, so that the engine does not report it as unknown when it
         * is also a system property or an application setting.
         *
         * @param name the property
         * @return this builder
         */
        public Builder frameworkName(String name) {
            frameworkNames.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Builds the settings; values are checked when they are installed.
         *
         * @return the settings
         */
        public ApplicationSettings build() {
            return new ApplicationSettings(this);
        }
    }
}
