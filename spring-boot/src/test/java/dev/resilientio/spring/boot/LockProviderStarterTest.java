package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The lock provider's properties, which are the whole JVM's: set globally they reach the engine and the
 * endpoint; under {@code resilientio.operations} they are reported as naming no setting, and not applied;
 * a bad value stops the context naming the property.
 */
class LockProviderStarterTest {

    @RegisterExtension
    final PrintedOutput output = new PrintedOutput();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class, EndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=resilientio");

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void theLockPropertiesReachTheEngineAndTheEndpointShowsThem() {
        runner.withPropertyValues("resilientio.lock.provider=zookeeper",
                        "resilientio.zookeeper.connect=zk1:2181,zk2:2181,zk3:2181",
                        "resilientio.zookeeper.namespace=tasks",
                        "resilientio.zookeeper.sessionTimeout=30s",
                        "resilientio.lock.os=false",
                        "resilientio.lock.shared-root=/mnt/share")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LockSettings locks = ResilientIoConfig.global().locks();
                    ResilientIoEndpoint.LockReport shown = context.getBean(ResilientIoEndpoint.class).report().locks();

                    assertThat(locks.provider()).isEqualTo("zookeeper");
                    assertThat(locks.sessionTimeout()).as("the relaxed spelling sessionTimeout").isEqualTo(Duration.ofSeconds(30));
                    assertThat(locks.sharedRoot()).isEqualTo(Path.of("/mnt/share"));
                    assertThat(locks.connectSetting()).startsWith("RESILIENT_IO_ZOOKEEPER_CONNECT (application property"
                            + " resilientio.zookeeper.connect");
                    assertThat(shown).isEqualTo(new ResilientIoEndpoint.LockReport("zookeeper", "zk1:2181,zk2:2181,zk3:2181",
                            "tasks", "30s", false, "/mnt/share"));
                });
        assertThat(ResilientIoConfig.global().locks().isLocal()).as("gone with the context").isTrue();
    }

    @Test
    void aLockSettingUnderOperationsIsReportedAsNamingNoSettingAndNotApplied() {
        runner.withPropertyValues("resilientio.operations[SbLocks.save].lock.provider=zookeeper",
                        "resilientio.operations.SbLocks.load.lock.os=false",
                        "resilientio.operations[SbLocks.save].lock.timeout=3s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LockSettings locks = ResilientIoConfig.global().locks();

                    assertThat(locks.provider()).isEqualTo("local");
                    assertThat(locks.osLocks()).isTrue();
                    assertThat(ResilientIoConfig.global().operation("SbLocks.save").lockTimeout())
                            .as("a per-operation setting beside them still applies").isEqualTo(Duration.ofSeconds(3));
                });

        assertThat(output.toString())
                .contains("The application property resilientio.operations[SbLocks.save].lock.provider (\"resilientio.operations"
                        + "[SbLocks.save].lock.provider\" from property source \"test\") names no setting of resilient-io and is"
                        + " ignored: resilientio.lock.provider is the whole JVM's setting, and no operation has its own value"
                        + " of it. Set resilientio.lock.provider instead")
                // Spring's own name of an unbracketed key is lower case; the origin keeps it as written.
                .contains("The application property resilientio.operations.sblocks.load.lock.os"
                        + " (\"resilientio.operations.SbLocks.load.lock.os\" from property source \"test\")")
                .contains("resilientio.lock.os is the whole JVM's setting");
    }

    @Test
    void aBadLockProviderStopsTheContextNamingTheProperty() {
        runner.withPropertyValues("resilientio.lock.provider=nfs").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ResilientIoFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis.getDescription()).isEqualTo("The property resilientio.lock.provider='nfs'"
                    + " (\"resilientio.lock.provider\" from property source \"test\") is not allowed: expected local or zookeeper");
            assertThat(analysis.getCause()).isInstanceOf(InvalidPropertyException.class);
        });
    }
}
