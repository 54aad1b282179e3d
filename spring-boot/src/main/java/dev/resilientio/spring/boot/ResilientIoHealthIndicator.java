package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ResilientIoConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health contributor {@code resilientio} (Spring Boot 4's {@code spring-boot-health}): always UP, since
 * an open circuit breaker means a share or disk is unwell, not that the application is, and a DOWN would
 * make an orchestrator restart an application that cannot fix the share. Its details list the breakers
 * that are open or half-open, each with its state, since when it is open, when it lets a trial call through
 * and the failure that opened it. Thread-safe: each read asks the breakers afresh.
 */
public class ResilientIoHealthIndicator implements HealthIndicator {

    /** Creates the contributor; the auto-configuration does, where {@code spring-boot-health} is present. */
    public ResilientIoHealthIndicator() {
    }

    /**
     * Reports UP, with the open and half-open breakers under {@code circuitBreakers}, by name.
     *
     * @return the health
     */
    @Override
    public Health health() {
        Map<String, Object> unwell = new LinkedHashMap<>();
        for (CircuitBreakerReport breaker : CircuitBreakerReport.all(ResilientIoConfig.global())) {
            if (breaker.isOpenOrHalfOpen()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("state", breaker.state());
                detail.put("openSince", breaker.openSince());
                if (breaker.trialAfter() != null) {
                    detail.put("trialAfter", breaker.trialAfter());
                }
                if (breaker.openedBy() != null) {
                    detail.put("openedBy", breaker.openedBy());
                }
                unwell.put(breaker.name(), detail);
            }
        }
        return Health.up().withDetail("circuitBreakers", unwell).build();
    }
}
