package dev.resilientio.spring.boot;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.CircuitBreakerSettings;
import dev.resilientio.core.breaker.FileBreaker;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.rules.Setting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One circuit breaker of this JVM as the {@code resilientio} endpoint and health contributor show it:
 * its state, settings and counts, and while it is open since when and until when. Immutable.
 *
 * @param name the breaker's name
 * @param state {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; {@code DISABLED} when the configuration
 *     now switches it off ({@code resilientio.circuit-breaker.enabled=false} or the breaker's own {@code enabled}),
 *     so that calls pass it by
 * @param settings the settings it was created with
 * @param failedCalls counted failures among its latest calls (while closed, of the last {@code failureThreshold}
 *     counted calls; while half-open, of the trial calls)
 * @param successfulCalls successful calls among the same calls
 * @param openSince since when it is open, ISO-8601; {@code null} while closed
 * @param trialAfter when it lets a trial call through, ISO-8601; {@code null} unless open
 * @param openedBy the failure that opened it; {@code null} while closed
 */
public record CircuitBreakerReport(String name, String state, Settings settings, int failedCalls, int successfulCalls,
        String openSince, String trialAfter, String openedBy) {

    /** The state of a breaker that the configuration now switches off. */
    static final String DISABLED = "DISABLED";

    /**
     * The settings of a breaker.
     *
     * @param failureThreshold consecutive counted failures that open it
     * @param successThreshold successful trial calls that close it
     * @param openDuration how long it stays open, such as {@code 30s}
     * @param halfOpenMaxCalls trial calls at once while half-open
     */
    public record Settings(int failureThreshold, int successThreshold, String openDuration, int halfOpenMaxCalls) {
    }

    /** Every breaker created so far in this JVM, sorted by name, as the configuration sees them now. */
    static List<CircuitBreakerReport> all(ResilientIoConfig config) {
        List<CircuitBreakerReport> reports = new ArrayList<>();
        for (FileBreaker breaker : BreakerRegistry.shared().all()) {
            FileBreaker.Status status = breaker.status();
            CircuitBreakerSettings settings = status.settings();
            reports.add(new CircuitBreakerReport(status.name(), switchedOn(config, status.name()) ? status.state() : DISABLED,
                    new Settings(settings.failureThreshold(), settings.successThreshold(),
                            Durations.format(settings.openDuration()), settings.halfOpenMaxCalls()),
                    status.failedCalls(), status.successfulCalls(), text(status.openSince()), text(status.trialAfter()),
                    status.openedBy()));
        }
        return List.copyOf(reports);
    }

    /** Whether the configuration resolves the breaker of this name, rather than switching it off. */
    private static boolean switchedOn(ResilientIoConfig config, String name) {
        try {
            return config.circuitBreaker(name, SettingOverrides.builder()
                    .set(Setting.CIRCUIT_BREAKER, name, "the resilientio endpoint").build()) != null;
        } catch (ResilientIoConfigException e) {
            // A value turned bad since the breaker was made: it runs as made, and the calls' own errors say why.
            return true;
        }
    }

    /** Whether the breaker refuses calls, or lets only trial calls through. */
    boolean isOpenOrHalfOpen() {
        return state.equals("OPEN") || state.equals("HALF_OPEN");
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
