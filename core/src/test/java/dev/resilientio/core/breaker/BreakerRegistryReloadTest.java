package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** What a new configuration snapshot does to a breaker, on a registry of the test's own. */
class BreakerRegistryReloadTest {

    @RegisterExtension
    final LogCapture registryLog = LogCapture.of(BreakerRegistry.class);

    private final BreakerRegistry registry = new BreakerRegistry();

    @BeforeEach
    void infoLevel() {
        ((Logger) LoggerFactory.getLogger(BreakerRegistry.class)).setLevel(Level.INFO);
    }

    @AfterEach
    void restoreLevel() {
        ((Logger) LoggerFactory.getLogger(BreakerRegistry.class)).setLevel(null);
    }
    private final Path target = Path.of("/srv/share/tasks.json");

    private static ResilientIoConfig snapshot(String failureThreshold) {
        return ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD", failureThreshold),
                Map.of());
    }

    private static CircuitBreakerSettings settings(ResilientIoConfig config, String failureThreshold) {
        SettingOverrides overrides = SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, "tasks-share", "the test")
                .set(Setting.CIRCUIT_BREAKER_FAILURE_THRESHOLD, failureThreshold, "the test's annotation").build();
        return config.circuitBreaker("Store.save", overrides);
    }

    private static CircuitBreakerSettings settings(ResilientIoConfig config) {
        SettingOverrides overrides = SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, "tasks-share", "the test").build();
        return config.circuitBreaker("Store.save", overrides);
    }

    private void fail(FileBreaker breaker) {
        catchThrowable(() -> breaker.call(target, () -> {
            throw new IOException("Stale file handle");
        }));
    }

    @Test
    void aSnapshotWithOtherThresholdsReplacesTheBreakerWhichStartsClosed() {
        ResilientIoConfig first = snapshot("1");
        FileBreaker before = registry.breaker(settings(first), "Store.save", first);
        fail(before);
        assertThat(before.state()).isEqualTo("OPEN");

        ResilientIoConfig reloaded = snapshot("3");
        FileBreaker after = registry.breaker(settings(reloaded), "Store.save", reloaded);

        assertThat(after).isNotSameAs(before);
        assertThat(registry.find("tasks-share")).isSameAs(after);
        assertThat(after.settings().failureThreshold()).isEqualTo(3);
        assertThat(after.state()).as("the new breaker starts closed").isEqualTo("CLOSED");
        assertThat(registryLog.warnings()).as("a reload is no disagreement").isEmpty();
        assertThat(registryLog.events()).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("Circuit breaker tasks-share runs with new settings after a"
                    + " configuration reload: failureThreshold=3").contains("(was failureThreshold=1")
                    .contains("named by Store.save").contains("the old breaker's state (OPEN)");
        });
        fail(after);
        fail(after);
        assertThat(after.state()).as("two failures of the new three").isEqualTo("CLOSED");
    }

    @Test
    void aSnapshotWithTheSameSettingsKeepsTheBreakerAndItsState() {
        ResilientIoConfig first = snapshot("1");
        FileBreaker before = registry.breaker(settings(first), "Store.save", first);
        fail(before);

        ResilientIoConfig reloaded = snapshot("1");
        FileBreaker after = registry.breaker(settings(reloaded), "Store.save", reloaded);

        assertThat(after).isSameAs(before);
        assertThat(after.state()).isEqualTo("OPEN");
        assertThat(registryLog.events()).isEmpty();
    }

    @Test
    void twoCallersThatDisagreeInOneSnapshotGetOneWarnAndTheFirstBreakerEvenAfterAReload() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        FileBreaker first = registry.breaker(settings(config, "2"), "Store.save", config);
        FileBreaker second = registry.breaker(settings(config, "4"), "Store.load", config);
        registry.breaker(settings(config, "4"), "Store.load", config);

        ResilientIoConfig reloaded = ResilientIoConfig.from(Map.of(), Map.of());
        FileBreaker loadAfterReload = registry.breaker(settings(reloaded, "4"), "Store.load", reloaded);
        FileBreaker saveAfterReload = registry.breaker(settings(reloaded, "2"), "Store.save", reloaded);

        assertThat(second).isSameAs(first);
        assertThat(loadAfterReload).as("Store.load's settings did not change: no reason to replace it").isSameAs(first);
        assertThat(saveAfterReload).isSameAs(first);
        assertThat(first.settings().failureThreshold()).isEqualTo(2);
        assertThat(registryLog.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
        assertThat(registryLog.warnings()).singleElement().asString()
                .contains("Circuit breaker tasks-share is named by Store.load with failureThreshold=4")
                .contains("was created for Store.save with failureThreshold=2");
    }
}
