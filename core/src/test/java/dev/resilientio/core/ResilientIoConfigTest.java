package dev.resilientio.core;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.weaving.SettingsOf;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;

/** Global settings: defaults, environment variables, system properties. */
class ResilientIoConfigTest {

    @Test
    void withNothingSetEveryDefaultApplies() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());

        assertThat(config.enabled()).isTrue();
        RetrySettings retry = SettingsOf.retry(config, null, null);
        assertThat(retry.maxAttempts()).isEqualTo(3);
        assertThat(retry.initialDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.maxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.multiplier()).isEqualTo(2.0);
        assertThat(retry.jitter()).isEqualTo(0.5);
        assertThat(retry.retryOn()).isEmpty();
        assertThat(retry.abortOn()).isEmpty();
        assertThat(SettingsOf.lockTimeout(config, null, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SettingsOf.atomic(config, null, null)).isEqualTo(AtomicDefaults.FSYNC);
        assertThat(SettingsOf.atomic(config, null, null).backups()).isZero();
        assertThat(SettingsOf.atomic(config, null, null).durability()).isEqualTo(Durability.FSYNC);
    }

    @Test
    void operationsWithNothingSetGetTheDefaultsToo() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());

        assertThat(SettingsOf.retry(config, "TaskStore.save", null).maxAttempts()).isEqualTo(3);
        assertThat(SettingsOf.lockTimeout(config, "TaskStore.save", null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SettingsOf.atomic(config, "TaskStore.save", null)).isEqualTo(AtomicDefaults.FSYNC);
    }

    /**
     * One global setting: its names, a valid text and the value it means, and another valid text
     * meaning something else (neither is the default).
     */
    record GlobalCase(String env, String property, String text, Object expected, String otherText,
            Function<ResilientIoConfig, Object> read) {
        @Override
        public String toString() {
            return env;
        }
    }

    static Stream<GlobalCase> globalSettings() {
        return Stream.of(
                new GlobalCase("RESILIENT_IO_RETRY_MAX_ATTEMPTS", "resilientio.retry.max-attempts", "7", 7, "5",
                        c -> SettingsOf.retry(c, null, null).maxAttempts()),
                new GlobalCase("RESILIENT_IO_RETRY_INITIAL_DELAY", "resilientio.retry.initial-delay", "250ms",
                        Duration.ofMillis(250), "50ms", c -> SettingsOf.retry(c, null, null).initialDelay()),
                new GlobalCase("RESILIENT_IO_RETRY_MAX_DELAY", "resilientio.retry.max-delay", "PT30S",
                        Duration.ofSeconds(30), "20s", c -> SettingsOf.retry(c, null, null).maxDelay()),
                new GlobalCase("RESILIENT_IO_RETRY_MULTIPLIER", "resilientio.retry.multiplier", "1.5", 1.5, "3",
                        c -> SettingsOf.retry(c, null, null).multiplier()),
                new GlobalCase("RESILIENT_IO_RETRY_JITTER", "resilientio.retry.jitter", "0.2", 0.2, "0",
                        c -> SettingsOf.retry(c, null, null).jitter()),
                new GlobalCase("RESILIENT_IO_LOCK_TIMEOUT", "resilientio.lock.timeout", "1.5s", Duration.ofMillis(1500),
                        "2m", c -> SettingsOf.lockTimeout(c, null, null)),
                new GlobalCase("RESILIENT_IO_ATOMIC_BACKUPS", "resilientio.atomic.backups", "4", 4, "100",
                        c -> SettingsOf.atomic(c, null, null).backups()),
                new GlobalCase("RESILIENT_IO_ATOMIC_DURABILITY", "resilientio.atomic.durability", "none",
                        Durability.NONE, "fsync", c -> SettingsOf.atomic(c, null, null).durability()),
                new GlobalCase("RESILIENT_IO_ENABLED", "resilientio.enabled", "false", false, "true",
                        ResilientIoConfig::enabled));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("globalSettings")
    void readsEachGlobalEnvironmentVariable(GlobalCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(setting.env(), setting.text()), Map.of());

        assertThat(setting.read().apply(config)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("globalSettings")
    void readsEachGlobalSystemProperty(GlobalCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of(setting.property(), setting.text()));

        assertThat(setting.read().apply(config)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("globalSettings")
    void systemPropertyWinsOverTheEnvironmentVariableOfTheSameSetting(GlobalCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(setting.env(), setting.otherText()),
                Map.of(setting.property(), setting.text()));

        assertThat(setting.read().apply(config)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("globalSettings")
    void theOtherValueIsReallyDifferent(GlobalCase setting) {
        // Guards the case table: without this, the precedence test above could pass by coincidence.
        ResilientIoConfig other = ResilientIoConfig.from(Map.of(setting.env(), setting.otherText()), Map.of());
        ResilientIoConfig defaults = ResilientIoConfig.from(Map.of(), Map.of());

        assertThat(setting.read().apply(other)).isNotEqualTo(setting.expected());
        assertThat(setting.read().apply(defaults)).isNotEqualTo(setting.expected());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "FALSE, false", "' false ', false", "True, true"})
    void enabledSwitchAcceptsTrueAndFalseInAnyCase(String text, boolean expected) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_ENABLED", text), Map.of());

        assertThat(config.enabled()).isEqualTo(expected);
    }

    @Test
    void propertyCanSwitchOffWhatTheEnvironmentSwitchedOn() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_ENABLED", "true"),
                Map.of("resilientio.enabled", "false"));

        assertThat(config.enabled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fsync", "FSYNC", " Fsync "})
    void durabilityIsReadInAnyCase(String text) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_DURABILITY", text), Map.of());

        assertThat(SettingsOf.atomic(config, null, null).durability()).isEqualTo(Durability.FSYNC);
    }

    @Test
    void variablesOutsideTheNamespaceAreIgnored() {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RETRY_MAX_ATTEMPTS", "9", "RESILIENT_IO_RETRY_MAX_ATTEMPTS_X", "9"),
                Map.of("retry.max-attempts", "9", "resilientio.retry.maxAttempts", "9"));

        assertThat(SettingsOf.retry(config, null, null).maxAttempts()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({
        "TaskStore.save, TASKSTORE_SAVE",
        "save, SAVE",
        "my-op v2, MY_OP_V2",
        "Café.ok, CAF__OK",
        "a$b_c, A_B_C",
        "Outer.Inner.run2, OUTER_INNER_RUN2"})
    void environmentKeyUpperCasesAndReplacesEveryOtherCharacterWithUnderscore(String operation, String key) {
        assertThat(ResilientIoConfig.environmentKey(operation)).isEqualTo(key);
    }
}
