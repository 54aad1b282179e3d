package dev.resilientio.core.retry;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.internal.WrappedIoErrors;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.rules.SettingRules;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one operation retries: attempts, backoff and which failures are retried. Immutable and
 * thread-safe; build one with {@link #builder()} or resolve one from configuration with
 * {@code ResilientIoConfig.operation(name, overrides).retry()}.
 */
public final class RetrySettings {

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> abortOn;
    private final TransientIoClassifier classifier;

    private RetrySettings(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialDelay = builder.initialDelay;
        this.maxDelay = builder.maxDelay;
        this.multiplier = builder.multiplier;
        this.jitter = builder.jitter;
        this.retryOn = List.copyOf(builder.retryOn);
        this.abortOn = List.copyOf(builder.abortOn);
        this.classifier = builder.classifier;
    }

    /**
     * Starts a builder with the built-in defaults (3 attempts, 100ms, 10s, 2.0, 0.5).
     *
     * @return a new builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides whether a failure is worth another attempt: never for an open circuit breaker
     * ({@code FileCircuitOpenException}, even when {@code retryOn} names it) or an {@code abortOn} type; when
     * {@code retryOn} is set, only for its types; otherwise by the {@link TransientIoClassifier}.
     * A type in {@code abortOn} or {@code retryOn} matches the failure itself or, when the failure
     * wraps an IO error (an {@code UncheckedIOException}, Jackson's {@code JacksonIOException}, and
     * the other wrappers the classifier unwraps), the IO error inside: {@code abortOn =
     * NoSuchFileException.class} aborts a wrapped one, and {@code retryOn = UncheckedIOException.class}
     * still retries the wrapper.
     *
     * @param failure the failure of the last attempt, as the body threw it
     * @return whether to retry it
     */
    public boolean shouldRetry(Throwable failure) {
        IOException inside = WrappedIoErrors.ioErrorInside(failure);
        if (failure instanceof FileCircuitOpenException || inside instanceof FileCircuitOpenException) {
            // Whatever retryOn says: another attempt would only wait out the breaker's open duration in pieces.
            return false;
        }
        if (isInstanceOfAny(failure, inside, abortOn)) {
            return false;
        }
        if (!retryOn.isEmpty()) {
            return isInstanceOfAny(failure, inside, retryOn);
        }
        return classifier.isTransient(failure);
    }

    private static boolean isInstanceOfAny(Throwable failure, IOException inside, List<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(failure) || type.isInstance(inside)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the total number of attempts, the first included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the delay before the second attempt.
     *
     * @return the initial delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * Returns the cap on any one delay.
     *
     * @return the maximum delay, never shorter than the initial delay
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Returns the growth factor of the delay.
     *
     * @return at least 1.0
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * Returns the jitter: each delay {@code d} becomes uniform in {@code [d * (1 - jitter), d]}.
     *
     * @return from 0.0 to 1.0
     */
    public double jitter() {
        return jitter;
    }

    /**
     * Returns the only exception types retried, or an empty list for the built-in classification.
     *
     * @return the retry-on types
     */
    public List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /**
     * Returns the exception types never retried.
     *
     * @return the abort-on types
     */
    public List<Class<? extends Throwable>> abortOn() {
        return abortOn;
    }

    /**
     * Returns the backoff schedule of these settings.
     *
     * @return the schedule
     */
    public BackoffSchedule backoff() {
        return new BackoffSchedule(initialDelay, maxDelay, multiplier, jitter);
    }

    @Override
    public String toString() {
        return "RetrySettings[maxAttempts=" + maxAttempts + ", initialDelay=" + Durations.format(initialDelay)
                + ", maxDelay=" + Durations.format(maxDelay) + ", multiplier=" + multiplier + ", jitter=" + jitter
                + ", retryOn=" + retryOn + ", abortOn=" + abortOn + "]";
    }

    /** Builds {@link RetrySettings}; not thread-safe. {@link #build()} validates and copies. */
    public static final class Builder {

        private int maxAttempts = Setting.Defaults.MAX_ATTEMPTS;
        private Duration initialDelay = Setting.Defaults.INITIAL_DELAY;
        private Duration maxDelay = Setting.Defaults.MAX_DELAY;
        private double multiplier = Setting.Defaults.MULTIPLIER;
        private double jitter = Setting.Defaults.JITTER;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
        private TransientIoClassifier classifier = TransientIoClassifier.forCurrentOs();

        private Builder() {
        }

        /**
         * Sets the total number of attempts.
         *
         * @param maxAttempts from 1 to {@link SettingRules#MAX_ATTEMPTS_LIMIT}; default 3
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the delay before the second attempt.
         *
         * @param initialDelay from 0 to {@link SettingRules#LONGEST_DELAY} (1h); default 100ms
         * @return this builder
         */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
            return this;
        }

        /**
         * Sets the cap on any one delay.
         *
         * @param maxDelay from the initial delay to {@link SettingRules#LONGEST_DELAY} (1h); default 10s
         * @return this builder
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
            return this;
        }

        /**
         * Sets the growth factor of the delay.
         *
         * @param multiplier at least 1.0; default 2.0
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets the jitter.
         *
         * @param jitter from 0.0 to 1.0; default 0.5
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Retries only these exception types (and subclasses) instead of the built-in classification;
         * a type matches the failure or the IO error inside a wrapper (see {@link RetrySettings#shouldRetry}).
         *
         * @param types the types; replaces any set before
         * @return this builder
         */
        public Builder retryOn(List<Class<? extends Throwable>> types) {
            retryOn.clear();
            retryOn.addAll(types);
            return this;
        }

        /**
         * Never retries these exception types (and subclasses); wins over retry-on. A type matches the
         * failure or the IO error inside a wrapper (see {@link RetrySettings#shouldRetry}).
         *
         * @param types the types; replaces any set before
         * @return this builder
         */
        public Builder abortOn(List<Class<? extends Throwable>> types) {
            abortOn.clear();
            abortOn.addAll(types);
            return this;
        }

        /**
         * Sets the classifier used when no retry-on types are given.
         *
         * @param classifier the classifier; default {@link TransientIoClassifier#forCurrentOs()}
         * @return this builder
         */
        public Builder classifier(TransientIoClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Validates and builds the settings.
         *
         * @return immutable settings
         * @throws ResilientIoConfigException when a value is out of range; the message names it
         */
        public RetrySettings build() {
            SettingRules.checkMaxAttempts("maxAttempts", maxAttempts);
            SettingRules.checkDelay("initialDelay", initialDelay);
            SettingRules.checkDelay("maxDelay", maxDelay);
            SettingRules.checkMultiplier("multiplier", multiplier);
            SettingRules.checkJitter("jitter", jitter);
            SettingRules.checkDelayOrder("maxDelay", maxDelay, "initialDelay", initialDelay);
            return new RetrySettings(this);
        }
    }
}
