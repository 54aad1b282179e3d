package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where a breaker's settings come from, and what a bad one says. */
class CircuitBreakerSettingsTest {

    @RegisterExtension
    final LogCapture configLog = LogCapture.of(ResilientIoConfig.class);

    private static final SettingOverrides ANNOTATION = SettingOverrides.builder()
            .set(Setting.CIRCUIT_BREAKER, "tasks-share", "@FileCircuitBreaker(name)")
            .set(Setting.CIRCUIT_BREAKER_FAILURE_THRESHOLD, "7", "@FileCircuitBreaker(failureThreshold)")
            .build();

    private static CircuitBreakerSettings resolve(Map<String, String> env, SettingOverrides overrides) {
        return ResilientIoConfig.from(env, Map.of()).circuitBreaker("TaskStore.save", overrides);
    }

    @Test
    void theDefaultsOfTheSeed() {
        CircuitBreakerSettings settings = resolve(Map.of(), SettingOverrides.builder()
                .set(Setting.CIRCUIT_BREAKER, "tasks-share", "@FileCircuitBreaker(name)").build());

        assertThat(settings).isEqualTo(new CircuitBreakerSettings("tasks-share", 5, 2, Duration.ofSeconds(60), 1));
    }

    @Test
    void perBreakerVariablesBeatTheAnnotationWhichBeatsTheGlobalOnes() {
        Map<String, String> global = Map.of("RESILIENT_IO_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "9");
        Map<String, String> both = Map.of("RESILIENT_IO_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "9",
                "RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3");

        assertThat(resolve(both, ANNOTATION).failureThreshold()).as("its own name's variable").isEqualTo(3);
        assertThat(resolve(global, ANNOTATION).failureThreshold()).as("the annotation").isEqualTo(7);
        assertThat(resolve(global, SettingOverrides.builder()
                .set(Setting.CIRCUIT_BREAKER, "tasks-share", "@FileCircuitBreaker(name)").build()).failureThreshold())
                .as("the global variable").isEqualTo(9);
    }

    @Test
    void aSystemPropertyOfTheBreakerBeatsItsVariable() {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_OPEN_DURATION", "30s"),
                Map.of("resilientio.tasks-share.circuit-breaker.open-duration", "2m"));

        assertThat(config.circuitBreaker("TaskStore.save", ANNOTATION).openDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void thePerOperationSettingPutsAPlainOperationBehindABreakerAndWinsOverTheCallersName() {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_RESILIENTJSON_UPDATEJSON_CIRCUIT_BREAKER", "tasks-share",
                        "RESILIENT_IO_TASKSTORE_SAVE_CIRCUIT_BREAKER", "other-share"), Map.of());

        assertThat(config.circuitBreaker("ResilientJson.updateJson", SettingOverrides.NONE).name()).isEqualTo("tasks-share");
        assertThat(config.circuitBreaker("ResilientJson.readJson", SettingOverrides.NONE)).as("not named: none").isNull();
        assertThat(config.circuitBreaker("TaskStore.save", ANNOTATION).name()).isEqualTo("other-share");
    }

    @Test
    void aGlobalBreakerNameIsIgnoredAndTheWarningSaysWhy() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_CIRCUIT_BREAKER", "tasks-share"), Map.of());

        assertThat(config.circuitBreaker("ResilientJson.updateJson", SettingOverrides.NONE)).isNull();
        assertThat(configLog.warnings()).anySatisfy(line -> assertThat(line)
                .contains("environment variable RESILIENT_IO_CIRCUIT_BREAKER is ignored")
                .contains("a global value would put every operation of this JVM behind one breaker")
                .contains("RESILIENT_IO_RESILIENTJSON_UPDATEJSON_CIRCUIT_BREAKER=tasks-share"));
    }

    @Test
    void aBadPerBreakerValueNamesTheVariableAndWhatIsAllowed() {
        assertThatThrownBy(() -> resolve(Map.of("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "0"),
                ANNOTATION))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD='0' is not allowed: expected a"
                        + " whole number from 1 to 10000");
        assertThatThrownBy(() -> resolve(Map.of("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", "lots"),
                ANNOTATION))
                .hasMessageStartingWith("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS='lots' is not allowed")
                .hasMessageContaining("a whole number from 1 to 10000");
        assertThatThrownBy(() -> resolve(Map.of(), SettingOverrides.builder()
                .set(Setting.CIRCUIT_BREAKER, "tasks-share", "@FileCircuitBreaker(name)")
                .set(Setting.CIRCUIT_BREAKER_SUCCESS_THRESHOLD, "10001", "@FileCircuitBreaker(successThreshold)").build()))
                .hasMessage("@FileCircuitBreaker(successThreshold) of tasks-share='10001' is not allowed: expected a"
                        + " whole number from 1 to 10000");
    }

    @Test
    void aBadGlobalValueFailsTheSnapshotNamingTheVariable() {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_CIRCUIT_BREAKER_OPEN_DURATION", "0s"), Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("RESILIENT_IO_CIRCUIT_BREAKER_OPEN_DURATION='0s' is not allowed: a breaker open"
                        + " for no time never refuses a call")
                .hasMessageEndingWith("more than 0 and at most 24h");
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of("resilientio.circuit-breaker.open-duration", "25h")))
                .hasMessageContaining("system property resilientio.circuit-breaker.open-duration='25h' is not allowed:"
                        + " it is longer than the maximum, 24h");
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_CIRCUIT_BREAKER_ENABLED", "no"), Map.of()))
                .hasMessage("RESILIENT_IO_CIRCUIT_BREAKER_ENABLED='no' is not allowed: expected true or false");
    }

    @Test
    void aBlankBreakerNameIsRefused() {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_CIRCUIT_BREAKER", " "), Map.of())
                .circuitBreaker("TaskStore.save", SettingOverrides.NONE))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("RESILIENT_IO_TASKSTORE_SAVE_CIRCUIT_BREAKER=' ' is not allowed: expected a name");
    }

    @Test
    void oneBreakerCanBeSwitchedOffByItsOwnName() {
        assertThat(resolve(Map.of("RESILIENT_IO_TASKS_SHARE_CIRCUIT_BREAKER_ENABLED", "false"), ANNOTATION)).isNull();
        assertThat(resolve(Map.of("RESILIENT_IO_CIRCUIT_BREAKER_ENABLED", "false"), ANNOTATION)).isNull();
    }
}
