package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.micrometer.ResilientIoMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The starter registers resilient-io's meters where the application has Micrometer, resilient-io-micrometer
 * and a registry, and Spring Boot's own metrics auto-configuration (Boot 4's spring-boot-micrometer-metrics,
 * Boot 3.5's actuator) binds them: an engine call then shows in the registry.
 */
class MetricsAutoConfigurationTest {

    /** Where this run's Boot keeps its metrics auto-configuration. */
    private static final String BOOT_METRICS = ClassUtils.isPresent(
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration", null)
            ? "org.springframework.boot.micrometer.metrics.autoconfigure." : "org.springframework.boot.actuate.autoconfigure.metrics.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class,
                    ResilientIoMetricsAutoConfiguration.class, bootClass("MetricsAutoConfiguration"),
                    bootClass("CompositeMeterRegistryAutoConfiguration")));

    @TempDir
    Path dir;

    /** An application with no bean of its own: Boot's simple registry is the one. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlainApp {
    }

    private static Class<?> bootClass(String simpleName) {
        try {
            return Class.forName(BOOT_METRICS + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Spring Boot's metrics auto-configuration is not on the test class path", e);
        }
    }

    private static Search writes(MeterRegistry registry) {
        return registry.find(ResilientIoMetrics.CALLS).tag("operation", "ResilientFiles.writeText").tag("outcome", "success");
    }

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void withARegistryBootBindsTheMetersAndAnEngineCallShows() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        runner.withBean(SimpleMeterRegistry.class, () -> registry).run(context -> {
            assertThat(context).hasSingleBean(ResilientIoMetrics.class);
            ResilientFiles.writeText(dir.resolve("tasks.json"), "[]");

            assertThat(writes(registry).counter()).as("bound by Boot").isNotNull();
            assertThat(writes(registry).counter().count()).isEqualTo(1.0);
        });
        ResilientFiles.writeText(dir.resolve("tasks.json"), "[1]");

        assertThat(writes(registry).counter().count()).as("closed with the context").isEqualTo(1.0);
    }

    @Test
    void aSpringApplicationWithBootsOwnRegistryCountsEngineCalls() throws IOException {
        SpringApplication application = new SpringApplication(PlainApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run("--spring.config.name=none")) {
            ResilientFiles.writeText(dir.resolve("tasks.json"), "[]");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(writes(registry).counter()).isNotNull();
            assertThat(writes(registry).counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void withoutARegistryThereIsNoBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class,
                        ResilientIoMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilientIoMetrics.class));
    }

    @Test
    void withoutMicrometerTheContextStartsWithoutTheBean() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilientIoMetrics.class));
    }

    @Test
    void withMicrometerButWithoutResilientIoMicrometerTheContextStartsWithoutTheBean() {
        runner.withBean(SimpleMeterRegistry.class).withClassLoader(new FilteredClassLoader(ResilientIoMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilientIoMetrics.class));
    }

    @Test
    void resilientioMetricsEnabledFalseLeavesTheMetersOut() {
        runner.withBean(SimpleMeterRegistry.class).withPropertyValues("resilientio.metrics.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilientIoMetrics.class));
    }

    @Test
    void anApplicationsOwnMetersReplaceTheStarters() {
        ResilientIoMetrics own = ResilientIoMetrics.builder().maxOperations(5).build();

        runner.withBean(SimpleMeterRegistry.class).withBean("myMetrics", ResilientIoMetrics.class, () -> own)
                .run(context -> assertThat(context).getBean(ResilientIoMetrics.class).isSameAs(own));
    }
}
