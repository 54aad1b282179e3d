package dev.resilientio.spring.boot;

import dev.resilientio.micrometer.ResilientIoMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of resilient-io's Micrometer meters: a {@link ResilientIoMetrics} bean where the
 * application has Micrometer, {@code resilient-io-micrometer} and a {@code MeterRegistry} bean, unless
 * {@code resilientio.metrics.enabled=false}. It is a {@code MeterBinder}, which Spring Boot's metrics
 * auto-configuration binds to the application's registries; closing the context stops its counting.
 * An application's own {@code ResilientIoMetrics} bean (with another cap on operation names, say) replaces it.
 */
@AutoConfiguration(afterName = {
        // Once every registry of the application exists: Boot 4, then Boot 3.5.
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.resilientio.micrometer.ResilientIoMetrics"})
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBooleanProperty(name = SpringSettings.METRICS_ENABLED, matchIfMissing = true)
public class ResilientIoMetricsAutoConfiguration {

    /** Creates the configuration; Spring Boot does. */
    public ResilientIoMetricsAutoConfiguration() {
    }

    /**
     * The engine's meters, for Spring Boot to bind to the application's registries.
     *
     * @return the meters, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    ResilientIoMetrics resilientIoMetrics() {
        return new ResilientIoMetrics();
    }
}
