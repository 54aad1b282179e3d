package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.spring.boot.woven.WovenStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in contexts built by {@link ApplicationContextRunner}. */
class AutoConfigurationTest {

    @RegisterExtension
    final PrintedOutput output = new PrintedOutput();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class));

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void propertiesApplyWhileTheContextLivesAndGoWhenItCloses() {
        runner.withPropertyValues("resilientio.lock.timeout=3s", "resilientio.operations[TaskStore.save].lock.timeout=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(ResilientIoConfig.global().operation("Other.op").lockTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(ResilientIoConfig.global().operation("TaskStore.save").lockTimeout())
                            .isEqualTo(Duration.ofSeconds(2));
                });

        assertThat(ResilientIoConfig.installed().values()).isEmpty();
        assertThat(ResilientIoConfig.global().operation("TaskStore.save").lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aBadPropertyFailsTheContextWithItsName() {
        runner.withPropertyValues("resilientio.atomic.backups=101").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ResilientIoFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("The property resilientio.atomic.backups='101'"
                    + " (\"resilientio.atomic.backups\" from property source \"test\") is not allowed: it is too large,"
                    + " the maximum is 100; expected a whole number from 0 to 100");
            assertThat(analysis.getCause()).isInstanceOf(InvalidPropertyException.class);
        });
    }

    @Test
    void unwovenBeansAreLoggedByDefault() {
        runner.withBean(UnwovenStore.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output.toString()).contains("resilient-io: dev.resilientio.spring.boot.UnwovenStore.save(Path, String)"
                    + " @RetryFileOperation @AtomicWrite (bean 'unwovenStore') is not woven");
        });
    }

    @Test
    void weavingCheckFailStopsTheContext() {
        runner.withBean(UnwovenStore.class).withPropertyValues("resilientio.weaving-check=fail").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(UnwovenBeansException.class);
            assertThat(((UnwovenBeansException) context.getStartupFailure()).methods()).containsExactly(
                    "dev.resilientio.spring.boot.UnwovenStore.save(Path, String) @RetryFileOperation @AtomicWrite"
                            + " (bean 'unwovenStore')");
        });
    }

    @Test
    void weavingCheckOffAndDisabledResilientIoSkipTheCheck() {
        runner.withBean(UnwovenStore.class).withPropertyValues("resilientio.weaving-check=off")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withBean(UnwovenStore.class).withPropertyValues("resilientio.weaving-check=fail", "resilientio.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(output.toString()).doesNotContain("is not woven");
    }

    @Test
    void wovenBeansPassEvenBehindASpringProxy() {
        runner.withBean("wovenStore", WovenStore.class, () -> {
            ProxyFactory proxy = new ProxyFactory(new WovenStore());
            proxy.setProxyTargetClass(true);
            return (WovenStore) proxy.getProxy();
        }).withPropertyValues("resilientio.weaving-check=fail").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WovenStore.class).getClass()).isNotEqualTo(WovenStore.class);
        });
    }

    @Test
    void theUnwovenClassBehindASpringProxyIsFound() {
        runner.withBean("unwovenStore", UnwovenStore.class, () -> {
            ProxyFactory proxy = new ProxyFactory(new UnwovenStore());
            proxy.setProxyTargetClass(true);
            return (UnwovenStore) proxy.getProxy();
        }).withPropertyValues("resilientio.weaving-check=fail").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(UnwovenBeansException.class);
        });
    }

    @Test
    void theEndpointIsThereOnlyWithTheActuatorAndWhenExposed() {
        ApplicationContextRunner withActuator = runner
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class));

        withActuator.run(context -> assertThat(context).doesNotHaveBean(ResilientIoEndpoint.class));
        withActuator.withPropertyValues("management.endpoints.web.exposure.include=resilientio")
                .run(context -> assertThat(context).hasSingleBean(ResilientIoEndpoint.class));
        withActuator.withPropertyValues("management.endpoints.web.exposure.include=resilientio")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientIoEndpoint.class);
                });
    }

    @Test
    void theEndpointReportsEachAnnotatedMethodWithItsSettingsAndWeaving() {
        runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
                .withBean(WovenStore.class).withBean(UnwovenStore.class)
                .withBean(ResilientIoEndpointContributor.class, () -> new ResilientIoEndpointContributor() {
                    @Override
                    public String name() {
                        return "circuitBreakers";
                    }

                    @Override
                    public Object contribution() {
                        return Map.of("open", List.of());
                    }
                })
                .withPropertyValues("management.endpoints.web.exposure.include=resilientio",
                        "resilientio.retry.jitter=0.1", "resilientio.operations[WovenStore.save].atomic.backups=5")
                .run(context -> {
                    ResilientIoEndpoint.Report report = context.getBean(ResilientIoEndpoint.class).report();

                    assertThat(report.enabled()).isTrue();
                    assertThat(report.extensions()).containsEntry("circuitBreakers", Map.of("open", List.of()));
                    assertThat(report.operations()).extracting(ResilientIoEndpoint.OperationReport::operation)
                            .containsExactly("UnwovenStore.save", "WovenStore.save");
                    ResilientIoEndpoint.OperationReport unwoven = report.operations().get(0);
                    ResilientIoEndpoint.OperationReport woven = report.operations().get(1);
                    assertThat(unwoven.woven()).isFalse();
                    assertThat(woven.woven()).isTrue();
                    assertThat(woven.beans()).containsExactly("wovenStore");
                    assertThat(woven.annotations()).containsExactly("FileLocked", "AtomicWrite");
                    assertThat(woven.method()).isEqualTo("dev.resilientio.spring.boot.woven.WovenStore.save(Path, String)");
                    assertThat(woven.settings()).isEqualTo(new ResilientIoEndpoint.SettingsReport(3, "100ms", "10s", 2.0,
                            0.1, "none", "2s", 5, "fsync"));
                    assertThat(woven.error()).isNull();
                });
    }

    @Test
    void theEndpointShowsAnOperationWhoseSettingsCannotResolve() {
        System.setProperty("resilientio.WovenStore.save.lock.timeout", "forever");
        ResilientIoConfig.reload();
        try {
            runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
                    .withBean(WovenStore.class)
                    .withPropertyValues("management.endpoints.web.exposure.include=resilientio")
                    .run(context -> {
                        ResilientIoEndpoint.OperationReport report = context.getBean(ResilientIoEndpoint.class).report()
                                .operations().get(0);

                        assertThat(report.settings()).isNull();
                        assertThat(report.error()).startsWith("system property resilientio.WovenStore.save.lock.timeout='forever'");
                    });
        } finally {
            System.clearProperty("resilientio.WovenStore.save.lock.timeout");
            ResilientIoConfig.reload();
        }
    }
}
