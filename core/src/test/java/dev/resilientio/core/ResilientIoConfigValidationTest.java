package dev.resilientio.core;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.weaving.SettingsOf;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad values fail with a message that names where the value came from, the value and what is allowed. */
class ResilientIoConfigValidationTest {

    private static final String OP = "TaskStore.save";
    private static final String WHOLE_NUMBER = "a whole number from 1 to 2147483647";
    private static final String DURATION = Durations.ALLOWED;

    static Stream<Arguments> badGlobalValues() {
        return Stream.of(
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "0", WHOLE_NUMBER),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "-2", WHOLE_NUMBER),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "x", WHOLE_NUMBER),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "2.5", WHOLE_NUMBER),
                Arguments.of("RETRY_MAX_ATTEMPTS", "retry.max-attempts", "", WHOLE_NUMBER),
                Arguments.of("RETRY_INITIAL_DELAY", "retry.initial-delay", "100", DURATION),
                Arguments.of("RETRY_INITIAL_DELAY", "retry.initial-delay", "-1s", DURATION),
                Arguments.of("RETRY_MAX_DELAY", "retry.max-delay", "10", DURATION),
                Arguments.of("RETRY_MAX_DELAY", "retry.max-delay", "5d", DURATION),
                Arguments.of("RETRY_MULTIPLIER", "retry.multiplier", "0.5", "a number >= 1.0"),
                Arguments.of("RETRY_MULTIPLIER", "retry.multiplier", "NaN", "a number >= 1.0"),
                Arguments.of("RETRY_MULTIPLIER", "retry.multiplier", "two", "a number >= 1.0"),
                Arguments.of("RETRY_JITTER", "retry.jitter", "1.5", "a number from 0.0 to 1.0"),
                Arguments.of("RETRY_JITTER", "retry.jitter", "-0.1", "a number from 0.0 to 1.0"),
                Arguments.of("LOCK_TIMEOUT", "lock.timeout", "30", DURATION),
                Arguments.of("LOCK_TIMEOUT", "lock.timeout", "PT-1S", DURATION),
                Arguments.of("ATOMIC_BACKUPS", "atomic.backups", "101", "a whole number from 0 to 100"),
                Arguments.of("ATOMIC_BACKUPS", "atomic.backups", "-1", "a whole number from 0 to 100"),
                Arguments.of("ATOMIC_DURABILITY", "atomic.durability", "sync", "fsync or none"),
                Arguments.of("ATOMIC_DURABILITY", "atomic.durability", "default", "fsync or none"),
                Arguments.of("ENABLED", "enabled", "yes", "true or false"),
                Arguments.of("ENABLED", "enabled", "1", "true or false"));
    }

    @ParameterizedTest(name = "RESILIENT_IO_{0}={2}")
    @MethodSource("badGlobalValues")
    void badEnvironmentVariableIsRejectedNamingVariableValueAndAllowed(String env, String property, String value,
            String allowed) {
        Map<String, String> environment = Map.of("RESILIENT_IO_" + env, value);

        assertThatThrownBy(() -> ResilientIoConfig.from(environment, Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RESILIENT_IO_" + env + "='" + value + "'")
                .hasMessageContaining(allowed);
    }

    @ParameterizedTest(name = "resilientio.{1}={2}")
    @MethodSource("badGlobalValues")
    void badSystemPropertyIsRejectedNamingThePropertyValueAndAllowed(String env, String property, String value,
            String allowed) {
        Map<String, String> properties = Map.of("resilientio." + property, value);

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), properties))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("system property resilientio." + property + "='" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void bareNumberDurationKeepsTheReasonAsCause() {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_LOCK_TIMEOUT", "30"), Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("with a unit")
                .hasRootCauseMessage("'30' has no unit; expected " + Durations.ALLOWED);
    }

    @Test
    void badPerOperationVariableIsRejectedNamingIt() {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_TASKSTORE_SAVE_RETRY_MAX_ATTEMPTS", "0"), Map.of());

        assertThatThrownBy(() -> SettingsOf.retry(config, OP, null))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_TASKSTORE_SAVE_RETRY_MAX_ATTEMPTS='0'")
                .hasMessageContaining(WHOLE_NUMBER);
    }

    @Test
    void badPerOperationPropertyIsRejectedNamingIt() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(),
                Map.of("resilientio.TaskStore.save.retry.jitter", "2"));

        assertThatThrownBy(() -> SettingsOf.retry(config, OP, null))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("system property resilientio.TaskStore.save.retry.jitter='2'")
                .hasMessageContaining("a number from 0.0 to 1.0");
    }

    @Test
    void badPerOperationLockTimeoutIsRejectedNamingIt() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMEOUT", "5"),
                Map.of());

        assertThatThrownBy(() -> SettingsOf.lockTimeout(config, OP, null))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_TASKSTORE_SAVE_LOCK_TIMEOUT='5'")
                .hasMessageContaining(DURATION);
    }

    @Test
    void badPerOperationBackupsAndDurabilityAreRejectedNamingThem() {
        ResilientIoConfig tooMany = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_BACKUPS", "101"),
                Map.of());
        ResilientIoConfig unknown = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_DURABILITY", "sync"), Map.of());

        assertThatThrownBy(() -> SettingsOf.atomic(tooMany, OP, null))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_BACKUPS='101'")
                .hasMessageContaining("a whole number from 0 to 100");
        assertThatThrownBy(() -> SettingsOf.atomic(unknown, OP, null))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_DURABILITY='sync'")
                .hasMessageContaining("fsync or none");
    }

    @Test
    void maxDelayShorterThanInitialDelayNamesBothVariablesAndValues() {
        Map<String, String> environment = Map.of("RESILIENT_IO_RETRY_INITIAL_DELAY", "2s",
                "RESILIENT_IO_RETRY_MAX_DELAY", "1500ms");

        assertThatThrownBy(() -> ResilientIoConfig.from(environment, Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_RETRY_MAX_DELAY")
                .hasMessageContaining("RESILIENT_IO_RETRY_INITIAL_DELAY")
                .hasMessageContaining("1.5s")
                .hasMessageContaining("2s");
    }

    @Test
    void maxDelayShorterThanInitialDelayFromSystemPropertiesNamesTheProperties() {
        Map<String, String> properties = Map.of("resilientio.retry.initial-delay", "2s",
                "resilientio.retry.max-delay", "1500ms");

        // Pointing at the environment variables would send the operator to settings the properties override.
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), properties))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("resilientio.retry.max-delay")
                .hasMessageContaining("resilientio.retry.initial-delay");
    }

    @RetryFileOperation(initialDelay = "20s")
    static void initialDelayAboveTheDefaultCap() {
    }

    @Test
    void maxDelayShorterThanAnnotatedInitialDelayNamesTheOperationAndTheAttribute() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        RetryFileOperation annotation = annotation("initialDelayAboveTheDefaultCap", RetryFileOperation.class);

        assertThatThrownBy(() -> SettingsOf.retry(config, OP, annotation))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(OP)
                .hasMessageContaining("10s")
                .hasMessageContaining("20s")
                .hasMessageContaining("@RetryFileOperation(initialDelay)");
    }

    @RetryFileOperation(maxAttempts = 0)
    static void zeroAttempts() {
    }

    @RetryFileOperation(initialDelay = "100")
    static void bareNumberDelay() {
    }

    @RetryFileOperation(maxDelay = "soon")
    static void wordForMaxDelay() {
    }

    @RetryFileOperation(multiplier = 0.5)
    static void shrinkingMultiplier() {
    }

    @RetryFileOperation(jitter = 1.5)
    static void tooMuchJitter() {
    }

    static Stream<Arguments> badRetryAttributes() {
        return Stream.of(
                Arguments.of("zeroAttempts", "@RetryFileOperation(maxAttempts)", "0", WHOLE_NUMBER),
                Arguments.of("bareNumberDelay", "@RetryFileOperation(initialDelay)", "100", DURATION),
                Arguments.of("wordForMaxDelay", "@RetryFileOperation(maxDelay)", "soon", DURATION),
                Arguments.of("shrinkingMultiplier", "@RetryFileOperation(multiplier)", "0.5", "a number >= 1.0"),
                Arguments.of("tooMuchJitter", "@RetryFileOperation(jitter)", "1.5", "a number from 0.0 to 1.0"));
    }

    @ParameterizedTest(name = "{1}={2}")
    @MethodSource("badRetryAttributes")
    void badRetryAttributeIsRejectedNamingAttributeOperationValueAndAllowed(String method, String attribute,
            String value, String allowed) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        RetryFileOperation annotation = annotation(method, RetryFileOperation.class);

        assertThatThrownBy(() -> SettingsOf.retry(config, OP, annotation))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(attribute + " of " + OP + "='" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void perOperationVariableOverridesABadAttributeSoOperatorsCanRepairIt() {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_TASKSTORE_SAVE_RETRY_MAX_ATTEMPTS", "2"), Map.of());

        RetrySettings settings = SettingsOf.retry(config, OP, annotation("zeroAttempts", RetryFileOperation.class));

        assertThat(settings.maxAttempts()).isEqualTo(2);
    }

    @FileLocked(timeout = "5")
    static void bareNumberLockTimeout() {
    }

    @Test
    void badLockTimeoutAttributeIsRejectedNamingAttributeOperationAndValue() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        FileLocked annotation = annotation("bareNumberLockTimeout", FileLocked.class);

        assertThatThrownBy(() -> SettingsOf.lockTimeout(config, OP, annotation))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("@FileLocked(timeout)")
                .hasMessageContaining("'5'")
                .hasMessageContaining(OP)
                .hasMessageContaining(DURATION);
    }

    @AtomicWrite(backups = 101)
    static void tooManyBackups() {
    }

    @Test
    void badBackupsAttributeIsRejectedNamingAttributeOperationAndValue() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());
        AtomicWrite annotation = annotation("tooManyBackups", AtomicWrite.class);

        assertThatThrownBy(() -> SettingsOf.atomic(config, OP, annotation))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("@AtomicWrite(backups) of " + OP + "='101'")
                .hasMessageContaining("a whole number from 0 to 100");
    }

    private static <A extends Annotation> A annotation(String methodName, Class<A> type) {
        try {
            Method method = ResilientIoConfigValidationTest.class.getDeclaredMethod(methodName);
            return method.getAnnotation(type);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
