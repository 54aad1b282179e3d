package dev.resilientio.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of resilient-io: the application's {@code resilientio.*} properties installed in
 * the engine for the life of the context, the start-up weaving check ({@code resilientio.weaving-check})
 * and, where the actuator is present, the {@code resilientio} endpoint and (Boot 4) health contributor.
 */
@AutoConfiguration
public class ResilientIoAutoConfiguration {

    /** Creates the configuration; Spring Boot does. */
    public ResilientIoAutoConfiguration() {
    }

    /**
     * The application's settings, installed in the engine while the context lives.
     *
     * @param environment the application's environment
     * @return the installed settings
     */
    @Bean
    static InstalledSettings resilientIoInstalledSettings(ConfigurableEnvironment environment) {
        return new InstalledSettings(environment);
    }

    /**
     * The start-up weaving check of the application's annotated beans.
     *
     * @param beanFactory the application's bean factory
     * @param environment the application's environment, for {@code resilientio.weaving-check}
     * @param settings the installed settings, so that the check sees {@code resilientio.enabled}
     * @return the check, run once every singleton exists
     */
    @Bean
    static WeavingCheckRunner resilientIoWeavingCheck(ConfigurableListableBeanFactory beanFactory,
            ConfigurableEnvironment environment, InstalledSettings settings) {
        return new WeavingCheckRunner(beanFactory, environment);
    }

    /** The actuator endpoint, only where the application has the actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
            "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
    static class EndpointConfiguration {

        /**
         * The {@code resilientio} endpoint, when it is exposed ({@code management.endpoints.web.exposure.include}).
         *
         * @param beanFactory the application's bean factory
         * @param contributors the beans that add sections to it
         * @return the endpoint
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(endpoint = ResilientIoEndpoint.class)
        ResilientIoEndpoint resilientIoEndpoint(ConfigurableListableBeanFactory beanFactory,
                ObjectProvider<ResilientIoEndpointContributor> contributors) {
            return new ResilientIoEndpoint(beanFactory, contributors);
        }
    }

    /** The health contributor, only where the application has Boot 4's {@code spring-boot-health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("resilientio")
    static class HealthConfiguration {

        /**
         * The health contributor {@code resilientio}, unless {@code management.health.resilientio.enabled=false}.
         *
         * @return the contributor
         */
        @Bean
        @ConditionalOnMissingBean
        ResilientIoHealthIndicator resilientioHealthIndicator() {
            return new ResilientIoHealthIndicator();
        }
    }
}
