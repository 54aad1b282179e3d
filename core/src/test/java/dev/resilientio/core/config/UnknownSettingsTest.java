package dev.resilientio.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A variable or property that names no setting is reported once, with the nearest known name. */
class UnknownSettingsTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of(ResilientIoConfig.class);

    @Test
    void aMisspelledVariableIsReportedWithTheNearestName() {
        ResilientIoConfig.from(Map.of("RESILIENT_IO_RETRY_MAX_ATEMPTS", "5"), Map.of());

        assertThat(log.warnings()).singleElement().asString()
                .contains("environment variable RESILIENT_IO_RETRY_MAX_ATEMPTS names no setting")
                .contains("did you mean RESILIENT_IO_RETRY_MAX_ATTEMPTS?");
    }

    @Test
    void aMisspelledPerOperationVariableKeepsItsOperation() {
        ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMOUT", "5s"), Map.of());

        assertThat(log.warnings()).singleElement().asString()
                .contains("did you mean RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMEOUT?");
    }

    @Test
    void aMisspelledPropertyIsReportedWithTheNearestName() {
        ResilientIoConfig.from(Map.of(), Map.of("resilientio.atomic.backup", "2"));

        assertThat(log.warnings()).singleElement().asString()
                .contains("system property resilientio.atomic.backup names no setting")
                .contains("did you mean resilientio.atomic.backups?");
    }

    @Test
    void aSystemPropertyInTheSpringStartersPerOperationFormIsReportedWithTheEnginesForm() {
        ResilientIoConfig.from(Map.of(), Map.of("resilientio.operations.TaskStore.save.lock.timeout", "1s",
                "resilientio.operations[Reports.load].retry.max-attempts", "3"));

        assertThat(log.warnings()).hasSize(2).anySatisfy(warning -> assertThat(warning)
                        .contains("system property resilientio.operations.TaskStore.save.lock.timeout is in the Spring"
                                + " starter's form")
                        .contains("Write -Dresilientio.TaskStore.save.lock.timeout (the engine's own form)"))
                .anySatisfy(warning -> assertThat(warning)
                        .contains("Write -Dresilientio.Reports.load.retry.max-attempts"));
    }

    @Test
    void eachUnknownNameIsReportedOncePerJvm() {
        Map<String, String> environment = Map.of("RESILIENT_IO_RETRY_JITER", "0.1");

        ResilientIoConfig.from(environment, Map.of());
        ResilientIoConfig.from(environment, Map.of());

        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void knownGlobalAndPerOperationNamesAndOtherVariablesAreNotReported() {
        ResilientIoConfig.from(Map.of("RESILIENT_IO_RETRY_MAX_ATTEMPTS", "4", "RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMEOUT", "2s",
                "RESILIENT_IO_ENABLED", "true", "PATH", "/bin", "RESILIENTIO_X", "1"),
                Map.of("resilientio.TaskStore.save.retry.max-duration", "30s", "resilientio.atomic.durability", "none",
                        "user.home", "/root"));

        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void nearestNameIsFoundByEditDistance() {
        assertThat(UnknownSettings.distance("RETRY_JITER", "RETRY_JITTER")).isEqualTo(1);
        assertThat(UnknownSettings.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnknownSettings.nearest("RESILIENT_IO_LOCK_TIMEOT", true)).isEqualTo("RESILIENT_IO_LOCK_TIMEOUT");
    }
}
