package dev.resilientio.core;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.rules.SettingRules;
import dev.resilientio.core.weaving.SettingsOf;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers in other scripts' digits, numbers past the largest allowed and durations no file
 * operation should wait are refused from every source (environment variables, system properties,
 * annotation attributes, builders) by the same rules, and the message names the maximum.
 */
class SettingLimitsTest {

    private static final String OP = "TaskStore.save";

    static Stream<Arguments> refusedValues() {
        return Stream.of(
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "\u0663",
                        "it is not a whole number in the digits 0-9; expected a whole number from 1 to 2147483647"),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "\uff13",
                        "it is not a whole number in the digits 0-9; expected a whole number from 1 to 2147483647"),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "2147483648",
                        "it is too large, the maximum is 2147483647; expected a whole number from 1 to 2147483647"),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "99999999999999999999999",
                        "it is too large, the maximum is 2147483647; expected a whole number from 1 to 2147483647"),
                Arguments.of("ATOMIC_BACKUPS", "atomic.backups", "\u0662",
                        "it is not a whole number in the digits 0-9; expected a whole number from 0 to 100"),
                Arguments.of("ATOMIC_BACKUPS", "atomic.backups", "4294967297",
                        "it is too large, the maximum is 100; expected a whole number from 0 to 100"),
                Arguments.of("RETRY_MULTIPLIER", "retry.multiplier", "\u0662.\u0665",
                        "it is not a decimal number in the digits 0-9 (such as 1.5); expected a number >= 1.0"),
                Arguments.of("RETRY_JITTER", "retry.jitter", "\u0660.\u0665",
                        "it is not a decimal number in the digits 0-9 (such as 1.5); expected a number from 0.0 to 1.0"),
                Arguments.of("RETRY_INITIAL_DELAY", "retry.initial-delay", "\u0663s",
                        "'\u0663s' is not a duration; expected " + SettingRules.DELAY_ALLOWED),
                Arguments.of("RETRY_INITIAL_DELAY", "retry.initial-delay", "999999h",
                        "it is longer than the maximum, 1h; expected " + SettingRules.DELAY_ALLOWED),
                Arguments.of("RETRY_INITIAL_DELAY", "retry.initial-delay", "99999999999999h",
                        "'99999999999999h' is too long; expected " + SettingRules.DELAY_ALLOWED),
                Arguments.of("RETRY_MAX_DELAY", "retry.max-delay", "61m",
                        "it is longer than the maximum, 1h; expected " + SettingRules.DELAY_ALLOWED),
                Arguments.of("RETRY_MAX_DELAY", "retry.max-delay", "PT1H0.001S",
                        "it is longer than the maximum, 1h; expected " + SettingRules.DELAY_ALLOWED),
                Arguments.of("LOCK_TIMEOUT", "lock.timeout", "P2D",
                        "it is longer than the maximum, 24h; expected " + SettingRules.LOCK_TIMEOUT_ALLOWED),
                Arguments.of("LOCK_TIMEOUT", "lock.timeout", "999999h",
                        "it is longer than the maximum, 24h; expected " + SettingRules.LOCK_TIMEOUT_ALLOWED));
    }

    @ParameterizedTest(name = "RESILIENT_IO_{0}={2}")
    @MethodSource("refusedValues")
    void environmentVariableIsRefusedWithReasonAndMaximum(String env, String property, String value, String why) {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_" + env, value), Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("RESILIENT_IO_" + env + "='" + value + "' is not allowed: " + why);
    }

    @ParameterizedTest(name = "resilientio.{1}={2}")
    @MethodSource("refusedValues")
    void systemPropertyIsRefusedWithReasonAndMaximum(String env, String property, String value, String why) {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of("resilientio." + property, value)))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("system property resilientio." + property + "='" + value + "' is not allowed: " + why);
    }

    @ParameterizedTest(name = "per operation {0}={2}")
    @MethodSource("refusedValues")
    void perOperationVariableIsRefusedWithReasonAndMaximum(String env, String property, String value, String why) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_" + env, value), Map.of());

        assertThatThrownBy(() -> {
            SettingsOf.retry(config, OP, null);
            SettingsOf.lockTimeout(config, OP, null);
            SettingsOf.atomic(config, OP, null);
        }).isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("RESILIENT_IO_TASKSTORE_SAVE_" + env + "='" + value + "' is not allowed: " + why);
    }

    @Test
    void theLargestValuesAreAccepted() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(
                "RESILIENT_IO_RETRY_MAX_ATTEMPTS", "2147483647",
                "RESILIENT_IO_RETRY_INITIAL_DELAY", "1h",
                "RESILIENT_IO_RETRY_MAX_DELAY", "PT60M",
                "RESILIENT_IO_LOCK_TIMEOUT", "P1D",
                "RESILIENT_IO_ATOMIC_BACKUPS", "100"), Map.of());

        assertThat(SettingsOf.retry(config, null, null).maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SettingsOf.retry(config, null, null).initialDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(SettingsOf.retry(config, null, null).maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(SettingsOf.lockTimeout(config, null, null)).isEqualTo(Duration.ofHours(24));
        assertThat(SettingsOf.atomic(config, null, null).backups()).isEqualTo(100);
    }

    @RetryFileOperation(initialDelay = "999999h", maxDelay = "999999h")
    static void delayOfDecades() {
    }

    @FileLocked(timeout = "25h")
    static void lockTimeoutOverADay() {
    }

    @Test
    void annotationAttributesAreRefusedByTheSameRules() throws NoSuchMethodException {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        RetryFileOperation retry = SettingLimitsTest.class.getDeclaredMethod("delayOfDecades")
                .getAnnotation(RetryFileOperation.class);
        FileLocked lock = SettingLimitsTest.class.getDeclaredMethod("lockTimeoutOverADay").getAnnotation(FileLocked.class);

        assertThatThrownBy(() -> SettingsOf.retry(config, OP, retry))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("@RetryFileOperation(initialDelay) of " + OP + "='999999h' is not allowed: it is longer than"
                        + " the maximum, 1h; expected " + SettingRules.DELAY_ALLOWED);
        assertThatThrownBy(() -> SettingsOf.lockTimeout(config, OP, lock))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("@FileLocked(timeout) of " + OP + "='25h' is not allowed: it is longer than the maximum,"
                        + " 24h; expected " + SettingRules.LOCK_TIMEOUT_ALLOWED);
    }

    @Test
    void builderRefusesDelaysOverOneHour() {
        assertThatThrownBy(() -> RetrySettings.builder().initialDelay(Duration.ofHours(999_999))
                .maxDelay(Duration.ofHours(999_999)).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("initialDelay='PT999999H' is not allowed: it is longer than the maximum, 1h; expected "
                        + SettingRules.DELAY_ALLOWED);
        assertThatThrownBy(() -> RetrySettings.builder().maxDelay(Duration.ofMinutes(61)).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("maxDelay='PT1H1M' is not allowed: it is longer than the maximum, 1h; expected "
                        + SettingRules.DELAY_ALLOWED);
        assertThat(RetrySettings.builder().initialDelay(Duration.ofHours(1)).maxDelay(Duration.ofHours(1)).build()
                .maxDelay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyMessageOfADurationSettingNamesItsMaximum() {
        assertThat(SettingRules.DELAY_ALLOWED).endsWith(", at most 1h");
        assertThat(SettingRules.LOCK_TIMEOUT_ALLOWED).endsWith(", at most 24h");
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_RETRY_INITIAL_DELAY", "100"), Map.of()))
                .hasMessageEndingWith(", at most 1h");
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_LOCK_TIMEOUT", "-1s"), Map.of()))
                .hasMessageEndingWith(", at most 24h");
    }
}
