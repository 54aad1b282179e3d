package dev.resilientio.core.config;

import dev.resilientio.core.rules.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one caller says about an operation's settings: an annotation's attributes, or the arguments
 * of a Kotlin helper. In the precedence these sit below the per-operation variables and above the
 * global ones. Each value is text, parsed by its setting's rule, and names where it came from, so
 * that a bad one is reported as written. Immutable and thread-safe.
 */
public final class SettingOverrides {

    /** No overrides: the operation takes every setting from configuration. */
    public static final SettingOverrides NONE = builder().build();

    private final Map<Setting, String[]> values;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> abortOn;
    private final boolean copyExisting;

    private SettingOverrides(Builder builder) {
        this.values = builder.values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(builder.values));
        this.retryOn = List.copyOf(builder.retryOn);
        this.abortOn = List.copyOf(builder.abortOn);
        this.copyExisting = builder.copyExisting;
    }

    /**
     * Starts a builder with no overrides.
     *
     * @return a new builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The value given for a setting as {source, text}, or {@code null}. */
    String[] get(Setting setting) {
        return values.get(setting);
    }

    List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    List<Class<? extends Throwable>> abortOn() {
        return abortOn;
    }

    boolean copyExisting() {
        return copyExisting;
    }

    /** Builds {@link SettingOverrides}; not thread-safe. */
    public static final class Builder {
        private final Map<Setting, String[]> values = new EnumMap<>(Setting.class);
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
        private boolean copyExisting;

        private Builder() {
        }

        /**
         * Gives a setting a value.
         *
         * @param setting the setting
         * @param text the value as text, parsed by the setting's rule when the operation is resolved
         * @param source where it comes from, for messages, such as {@code @FileLocked(timeout)}
         * @return this builder
         */
        public Builder set(Setting setting, String text, String source) {
            values.put(Objects.requireNonNull(setting, "setting"),
                    new String[] {Objects.requireNonNull(source, "source"), Objects.requireNonNull(text, "text")});
            return this;
        }

        /**
         * Retries only these exception types (and subclasses) instead of the built-in classification.
         *
         * @param types the types
         * @return this builder
         */
        public Builder retryOn(List<Class<? extends Throwable>> types) {
            retryOn.addAll(types);
            return this;
        }

        /**
         * Never retries these exception types (and subclasses).
         *
         * @param types the types
         * @return this builder
         */
        public Builder abortOn(List<Class<? extends Throwable>> types) {
            abortOn.addAll(types);
            return this;
        }

        /**
         * Makes the temp of an atomic write start as a copy of the target.
         *
         * @param copy whether to copy
         * @return this builder
         */
        public Builder copyExisting(boolean copy) {
            copyExisting = copy;
            return this;
        }

        /**
         * Builds the overrides; values are checked when an operation is resolved with them.
         *
         * @return the overrides
         */
        public SettingOverrides build() {
            return new SettingOverrides(this);
        }
    }
}
