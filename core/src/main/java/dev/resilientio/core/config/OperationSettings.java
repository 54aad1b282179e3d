package dev.resilientio.core.config;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.rules.SettingRules;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one operation runs with, resolved once from configuration: its retries, its lock
 * timeout, its atomic writes and its deadline. Immutable and thread-safe; get one from
 * {@link ResilientIoConfig#operation(String, SettingOverrides)}.
 *
 * @param name the operation name, such as {@code TaskStore.save}; it keys per-operation settings and logs
 * @param retry how it retries
 * @param lockTimeout how long it waits for a lock
 * @param atomic how its atomic writes commit
 * @param maxDuration the deadline of one call, all attempts, backoffs and lock waits included; {@code null} for none
 */
public record OperationSettings(String name, RetrySettings retry, Duration lockTimeout, AtomicSettings atomic,
        Duration maxDuration) {

    /**
     * Checks the settings.
     *
     * @param name the operation name
     * @param retry how it retries
     * @param lockTimeout how long it waits for a lock, at most 24h
     * @param atomic how its atomic writes commit
     * @param maxDuration the deadline of one call, or {@code null}
     * @throws ResilientIoConfigException when a value is out of range
     */
    public OperationSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(atomic, "atomic");
        SettingRules.checkLockTimeout("lockTimeout", Objects.requireNonNull(lockTimeout, "lockTimeout"));
        if (maxDuration != null) {
            SettingRules.checkMaxDuration("maxDuration", maxDuration);
        }
    }
}
