package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.rules.Setting;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * What a method's annotations say about its settings, as one source of the configuration's
 * precedence: each attribute left at its sentinel ({@code -1}, {@code ""}, {@code DEFAULT}) says
 * nothing, any other value is an override named after the attribute.
 */
final class AnnotationSettings {

    private AnnotationSettings() {
    }

    /**
     * The overrides of a method's annotations.
     *
     * @param retry the method's {@code @RetryFileOperation}, or {@code null}
     * @param lock its {@code @FileLocked}, or {@code null}
     * @param atomic its {@code @AtomicWrite}, or {@code null}
     * @return the overrides
     */
    static SettingOverrides of(RetryFileOperation retry, FileLocked lock, AtomicWrite atomic) {
        SettingOverrides.Builder overrides = SettingOverrides.builder();
        if (retry != null) {
            if (retry.maxAttempts() != -1) {
                overrides.set(Setting.RETRY_MAX_ATTEMPTS, String.valueOf(retry.maxAttempts()), "@RetryFileOperation(maxAttempts)");
            }
            text(overrides, Setting.RETRY_INITIAL_DELAY, retry.initialDelay(), "@RetryFileOperation(initialDelay)");
            text(overrides, Setting.RETRY_MAX_DELAY, retry.maxDelay(), "@RetryFileOperation(maxDelay)");
            if (retry.multiplier() != -1) {
                overrides.set(Setting.RETRY_MULTIPLIER, plain(retry.multiplier()), "@RetryFileOperation(multiplier)");
            }
            if (retry.jitter() != -1) {
                overrides.set(Setting.RETRY_JITTER, plain(retry.jitter()), "@RetryFileOperation(jitter)");
            }
            text(overrides, Setting.RETRY_MAX_DURATION, retry.maxDuration(), "@RetryFileOperation(maxDuration)");
            overrides.retryOn(Arrays.asList(retry.retryOn())).abortOn(Arrays.asList(retry.abortOn()));
        }
        if (lock != null) {
            text(overrides, Setting.LOCK_TIMEOUT, lock.timeout(), "@FileLocked(timeout)");
        }
        if (atomic != null) {
            if (atomic.backups() != -1) {
                overrides.set(Setting.ATOMIC_BACKUPS, String.valueOf(atomic.backups()), "@AtomicWrite(backups)");
            }
            if (atomic.durability() != Durability.DEFAULT) {
                overrides.set(Setting.ATOMIC_DURABILITY, atomic.durability().name(), "@AtomicWrite(durability)");
            }
            overrides.copyExisting(atomic.copyExisting());
            if (atomic.keepFailed()) {
                overrides.set(Setting.ATOMIC_KEEP_FAILED, "true", "@AtomicWrite(keepFailed)");
            }
        }
        return overrides.build();
    }

    /**
     * The overrides of a method's {@code @FileCircuitBreaker}: the breaker it names (its operation's
     * own when the name is empty) and the thresholds it gives.
     *
     * @param breaker the method's {@code @FileCircuitBreaker}, or {@code null}
     * @param operation the method's operation name
     * @return the overrides; {@link SettingOverrides#NONE} without the annotation
     */
    static SettingOverrides breaker(FileCircuitBreaker breaker, String operation) {
        if (breaker == null) {
            return SettingOverrides.NONE;
        }
        SettingOverrides.Builder overrides = SettingOverrides.builder();
        overrides.set(Setting.CIRCUIT_BREAKER, breaker.name().isEmpty() ? operation : breaker.name(),
                "@FileCircuitBreaker(name)");
        whole(overrides, Setting.CIRCUIT_BREAKER_FAILURE_THRESHOLD, breaker.failureThreshold(),
                "@FileCircuitBreaker(failureThreshold)");
        whole(overrides, Setting.CIRCUIT_BREAKER_SUCCESS_THRESHOLD, breaker.successThreshold(),
                "@FileCircuitBreaker(successThreshold)");
        text(overrides, Setting.CIRCUIT_BREAKER_OPEN_DURATION, breaker.openDuration(), "@FileCircuitBreaker(openDuration)");
        whole(overrides, Setting.CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS, breaker.halfOpenMaxCalls(),
                "@FileCircuitBreaker(halfOpenMaxCalls)");
        return overrides.build();
    }

    private static void whole(SettingOverrides.Builder overrides, Setting setting, int value, String source) {
        if (value != -1) {
            overrides.set(setting, String.valueOf(value), source);
        }
    }

    private static void text(SettingOverrides.Builder overrides, Setting setting, String value, String source) {
        if (!value.isEmpty()) {
            overrides.set(setting, value, source);
        }
    }

    /** An attribute's double as the plain decimal the settings grammar takes (never "1.0E-4"). */
    private static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : String.valueOf(value);
    }
}
