package dev.resilientio.core.breaker;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.rules.BreakerRules;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one circuit breaker runs with, resolved from configuration: its name and its
 * thresholds. Immutable and thread-safe; get one from
 * {@link dev.resilientio.core.config.ResilientIoConfig#circuitBreaker(String, dev.resilientio.core.config.SettingOverrides)}.
 *
 * @param name the breaker's name; it keys the per-breaker variables, the registry and the logs
 * @param failureThreshold consecutive counted failures that open it, 1 to {@link BreakerRules#MAX_CALLS}
 * @param successThreshold successful trial calls that close it again, 1 to {@link BreakerRules#MAX_CALLS}
 * @param openDuration how long it stays open before it lets trial calls through, more than 0 and at most 24h
 * @param halfOpenMaxCalls trial calls let through at once while half-open, 1 to {@link BreakerRules#MAX_CALLS}
 */
public record CircuitBreakerSettings(String name, int failureThreshold, int successThreshold, Duration openDuration,
        int halfOpenMaxCalls) {

    /**
     * Checks the settings.
     *
     * @param name the breaker's name
     * @param failureThreshold consecutive counted failures that open it
     * @param successThreshold successful trial calls that close it
     * @param openDuration how long it stays open
     * @param halfOpenMaxCalls trial calls at once while half-open
     * @throws ResilientIoConfigException when a value is out of range
     */
    public CircuitBreakerSettings {
        BreakerRules.parseName("name", Objects.requireNonNull(name, "name"));
        BreakerRules.checkCalls("failureThreshold", failureThreshold);
        BreakerRules.checkCalls("successThreshold", successThreshold);
        BreakerRules.checkOpenDuration("openDuration", Objects.requireNonNull(openDuration, "openDuration"));
        BreakerRules.checkCalls("halfOpenMaxCalls", halfOpenMaxCalls);
    }
}
