package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Spring's relaxed names of the {@code resilientio.*} properties, as the engine's names. */
class SpringSettingsTest {

    private static Map<String, String> engineValues(StandardEnvironment environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (SpringSettings.Entry entry : SpringSettings.read(environment)) {
            values.put(entry.engineName(), entry.value());
        }
        return values;
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
        return environment;
    }

    @Test
    void globalNamesTakeTheSettingsOwnSpellingWhateverRelaxedFormIsWritten() {
        StandardEnvironment environment = environment(Map.of("resilientio.retry.maxAttempts", "5",
                "resilientio.retry.initial_delay", "20ms", "resilientio.lock.timeout", "3s"));

        assertThat(engineValues(environment)).containsOnly(Map.entry("resilientio.retry.max-attempts", "5"),
                Map.entry("resilientio.retry.initial-delay", "20ms"), Map.entry("resilientio.lock.timeout", "3s"));
    }

    @Test
    void perOperationNamesKeepTheOperationAsWrittenWithOrWithoutBrackets() {
        StandardEnvironment environment = environment(Map.of(
                "resilientio.operations.TaskStore.save.lock.timeout", "2s",
                "resilientio.operations[Reports.load].retry.max-attempts", "7",
                "resilientio.operations.archive.atomic.backups", "4"));

        assertThat(engineValues(environment)).containsOnly(Map.entry("resilientio.TaskStore.save.lock.timeout", "2s"),
                Map.entry("resilientio.Reports.load.retry.max-attempts", "7"),
                Map.entry("resilientio.archive.atomic.backups", "4"));
    }

    @Test
    void perBreakerNamesBecomeTheBreakersEngineNamesInEveryRelaxedSpelling() {
        StandardEnvironment environment = environment(Map.of(
                "resilientio.circuit-breakers.tasks-share.failure-threshold", "3",
                "resilientio.circuitBreakers.tasks-share.successThreshold", "4",
                "resilientio.circuit-breakers[reports.share].open-duration", "30s",
                "resilientio.circuit-breakers.reports.share.half-open-max-calls", "2",
                "resilientio.circuit-breakers.local.enabled", "false",
                "resilientio.operations[ResilientJson.updateJson].circuit-breaker", "tasks-share"));

        assertThat(engineValues(environment)).containsOnly(
                Map.entry("resilientio.tasks-share.circuit-breaker.failure-threshold", "3"),
                Map.entry("resilientio.tasks-share.circuit-breaker.success-threshold", "4"),
                Map.entry("resilientio.reports.share.circuit-breaker.open-duration", "30s"),
                Map.entry("resilientio.reports.share.circuit-breaker.half-open-max-calls", "2"),
                Map.entry("resilientio.local.circuit-breaker.enabled", "false"),
                Map.entry("resilientio.ResilientJson.updateJson.circuit-breaker", "tasks-share"));
    }

    @Test
    void aMisspelledBreakerSettingReachesTheEngineAsTheBreakersAndOneWithNoSettingIsDropped() {
        StandardEnvironment environment = environment(Map.of(
                "resilientio.circuit-breakers.tasks-share.failure-treshold", "3",
                "resilientio.circuit-breakers.tasks-share", "3"));

        assertThat(engineValues(environment)).containsOnly(
                Map.entry("resilientio.tasks-share.circuit-breaker.failure-treshold", "3"));
    }

    @Test
    void theFirstSourceWinsAndShowsItsOrigin() {
        StandardEnvironment environment = environment(Map.of("resilientio.lock.timeout", "3s"));
        environment.getPropertySources().addFirst(new MapPropertySource("profile", Map.of("resilientio.lock.timeout", "9s")));

        List<SpringSettings.Entry> entries = SpringSettings.read(environment);

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("9s");
            assertThat(entry.shownAs()).isEqualTo("application property resilientio.lock.timeout"
                    + " (\"resilientio.lock.timeout\" from property source \"profile\")");
        });
    }

    @Test
    void placeholdersAreResolved() {
        StandardEnvironment environment = environment(Map.of("resilientio.lock.timeout", "${store.lock-wait}",
                "store.lock-wait", "4s"));

        assertThat(engineValues(environment)).containsOnly(Map.entry("resilientio.lock.timeout", "4s"));
    }

    @Test
    void theJvmsSystemPropertiesAreLeftToTheEngine() {
        System.setProperty("resilientio.atomic.backups", "3");
        try {
            assertThat(engineValues(environment(Map.of()))).isEmpty();
        } finally {
            System.clearProperty("resilientio.atomic.backups");
        }
    }

    @Test
    void unknownNamesPassThroughForTheEnginesWarningAndTheStartersOwnPropertiesDoNot() {
        StandardEnvironment environment = environment(Map.of("resilientio.retry.max-atempts", "5",
                "resilientio.weaving-check", "fail", "resilientio.metrics.enabled", "false",
                "resilientio.operations.lock.timeout", "1s"));

        assertThat(engineValues(environment)).containsOnly(Map.entry("resilientio.retry.max-atempts", "5"));
        assertThat(SpringSettings.toApplicationSettings(SpringSettings.read(environment)).frameworkNames())
                .as("known to the engine, so that -D or an environment variable of them is not reported as unknown")
                .containsExactlyInAnyOrder("resilientio.weaving-check", "resilientio.metrics.enabled");
    }
}
