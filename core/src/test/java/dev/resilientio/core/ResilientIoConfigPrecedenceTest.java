package dev.resilientio.core;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.weaving.SettingsOf;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-operation settings, highest first: the per-operation variable, the annotation's attribute,
 * the global variable, the built-in default.
 */
class ResilientIoConfigPrecedenceTest {

    private static final String OP = "TaskStore.save";

    @RetryFileOperation(maxAttempts = 5, initialDelay = "20ms", maxDelay = "30s", multiplier = 3.0, jitter = 0.25)
    @FileLocked(timeout = "7s")
    @AtomicWrite(backups = 4, durability = Durability.NONE, copyExisting = true)
    static void annotatedWithEverySetting() {
    }

    @RetryFileOperation
    @FileLocked
    @AtomicWrite
    static void annotatedWithNoAttribute() {
    }

    @RetryFileOperation(retryOn = {IOException.class, IllegalStateException.class}, abortOn = NoSuchFileException.class)
    static void annotatedWithExceptionTypes() {
    }

    static Method method(String name) {
        try {
            return ResilientIoConfigPrecedenceTest.class.getDeclaredMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One per-operation setting. The four values (default, global, annotation, per-operation) all
     * differ, so whichever wins is unmistakable. {@code read} takes the annotated method, or
     * {@code null} for an operation with no annotation.
     */
    record OperationCase(String envSuffix, String propertySuffix, Object defaultValue, String globalText,
            Object globalValue, Object annotationValue, String perOperationText, Object perOperationValue,
            BiFunction<ResilientIoConfig, Method, Object> read) {
        @Override
        public String toString() {
            return envSuffix;
        }
    }

    static Stream<OperationCase> settings() {
        return Stream.of(
                new OperationCase("RETRY_MAX_ATTEMPTS", "retry.max-attempts", 3, "7", 7, 5, "9", 9,
                        (c, m) -> retry(c, m).maxAttempts()),
                new OperationCase("RETRY_INITIAL_DELAY", "retry.initial-delay", Duration.ofMillis(100), "40ms",
                        Duration.ofMillis(40), Duration.ofMillis(20), "60ms", Duration.ofMillis(60),
                        (c, m) -> retry(c, m).initialDelay()),
                new OperationCase("RETRY_MAX_DELAY", "retry.max-delay", Duration.ofSeconds(10), "40s",
                        Duration.ofSeconds(40), Duration.ofSeconds(30), "50s", Duration.ofSeconds(50),
                        (c, m) -> retry(c, m).maxDelay()),
                new OperationCase("RETRY_MULTIPLIER", "retry.multiplier", 2.0, "1.5", 1.5, 3.0, "4", 4.0,
                        (c, m) -> retry(c, m).multiplier()),
                new OperationCase("RETRY_JITTER", "retry.jitter", 0.5, "0.1", 0.1, 0.25, "0.75", 0.75,
                        (c, m) -> retry(c, m).jitter()),
                new OperationCase("LOCK_TIMEOUT", "lock.timeout", Duration.ofSeconds(10), "3s", Duration.ofSeconds(3),
                        Duration.ofSeconds(7), "1500ms", Duration.ofMillis(1500),
                        (c, m) -> SettingsOf.lockTimeout(c, OP, m == null ? null : m.getAnnotation(FileLocked.class))),
                new OperationCase("ATOMIC_BACKUPS", "atomic.backups", 0, "2", 2, 4, "6", 6,
                        (c, m) -> SettingsOf.atomic(c, OP, m == null ? null : m.getAnnotation(AtomicWrite.class)).backups()));
    }

    private static RetrySettings retry(ResilientIoConfig config, Method method) {
        return SettingsOf.retry(config, OP, method == null ? null : method.getAnnotation(RetryFileOperation.class));
    }

    private static String globalEnv(OperationCase setting) {
        return "RESILIENT_IO_" + setting.envSuffix();
    }

    private static String globalProperty(OperationCase setting) {
        return "resilientio." + setting.propertySuffix();
    }

    private static String operationEnv(OperationCase setting) {
        return "RESILIENT_IO_TASKSTORE_SAVE_" + setting.envSuffix();
    }

    private static String operationProperty(OperationCase setting) {
        return "resilientio.TaskStore.save." + setting.propertySuffix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void defaultAppliesWhenNothingIsSet(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());

        assertThat(setting.read().apply(config, method("annotatedWithNoAttribute"))).isEqualTo(setting.defaultValue());
        assertThat(setting.read().apply(config, null)).isEqualTo(setting.defaultValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void globalVariableBeatsTheDefault(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(globalEnv(setting), setting.globalText()), Map.of());

        assertThat(setting.read().apply(config, method("annotatedWithNoAttribute"))).isEqualTo(setting.globalValue());
        assertThat(setting.read().apply(config, null)).isEqualTo(setting.globalValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void annotationAttributeBeatsTheGlobalVariableAndProperty(OperationCase setting) {
        ResilientIoConfig fromEnv = ResilientIoConfig.from(Map.of(globalEnv(setting), setting.globalText()), Map.of());
        ResilientIoConfig fromProperty = ResilientIoConfig.from(Map.of(),
                Map.of(globalProperty(setting), setting.globalText()));

        assertThat(setting.read().apply(fromEnv, method("annotatedWithEverySetting")))
                .isEqualTo(setting.annotationValue());
        assertThat(setting.read().apply(fromProperty, method("annotatedWithEverySetting")))
                .isEqualTo(setting.annotationValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void perOperationVariableBeatsTheAnnotationAttribute(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of(globalEnv(setting), setting.globalText(), operationEnv(setting), setting.perOperationText()),
                Map.of(globalProperty(setting), setting.globalText()));

        assertThat(setting.read().apply(config, method("annotatedWithEverySetting")))
                .isEqualTo(setting.perOperationValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void perOperationPropertyBeatsTheAnnotationAttribute(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(),
                Map.of(operationProperty(setting), setting.perOperationText()));

        assertThat(setting.read().apply(config, method("annotatedWithEverySetting")))
                .isEqualTo(setting.perOperationValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void perOperationPropertyBeatsThePerOperationVariable(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(operationEnv(setting), setting.globalText()),
                Map.of(operationProperty(setting), setting.perOperationText()));

        assertThat(setting.read().apply(config, method("annotatedWithEverySetting")))
                .isEqualTo(setting.perOperationValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void perOperationVariableAppliesToAnOperationWithoutAnnotation(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of(globalEnv(setting), setting.globalText(), operationEnv(setting), setting.perOperationText()),
                Map.of());

        assertThat(setting.read().apply(config, null)).isEqualTo(setting.perOperationValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void perOperationVariableOfAnotherOperationIsIgnored(OperationCase setting) {
        ResilientIoConfig config = ResilientIoConfig.from(
                Map.of("RESILIENT_IO_TASKSTORE_LOAD_" + setting.envSuffix(), setting.perOperationText()),
                Map.of("resilientio.TaskStore.load." + setting.propertySuffix(), setting.perOperationText()));

        assertThat(setting.read().apply(config, null)).isEqualTo(setting.defaultValue());
        assertThat(setting.read().apply(config, method("annotatedWithEverySetting")))
                .isEqualTo(setting.annotationValue());
    }

    @Test
    void perOperationVariableChangesOnlyItsOwnSettingAndKeepsTheOtherAttributes() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_RETRY_MAX_ATTEMPTS", "8"),
                Map.of());

        RetrySettings settings = SettingsOf.retry(config, OP, method("annotatedWithEverySetting")
                .getAnnotation(RetryFileOperation.class));

        assertThat(settings.maxAttempts()).isEqualTo(8);
        assertThat(settings.initialDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.multiplier()).isEqualTo(3.0);
        assertThat(settings.jitter()).isEqualTo(0.25);
    }

    @Test
    void perOperationPropertyUsesTheOperationNameAsWritten() {
        Map<String, String> properties = new HashMap<>();
        properties.put("resilientio.TaskStore.save.retry.max-attempts", "6");
        properties.put("resilientio.taskstore.save.retry.max-attempts", "2");
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), properties);

        assertThat(SettingsOf.retry(config, OP, null).maxAttempts()).isEqualTo(6);
    }

    @Test
    void annotatedDurabilityBeatsTheGlobalVariable() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_DURABILITY", "fsync"), Map.of());

        AtomicSettings settings = SettingsOf.atomic(config, OP, method("annotatedWithEverySetting").getAnnotation(AtomicWrite.class));

        assertThat(settings.durability()).isEqualTo(Durability.NONE);
        assertThat(settings.fsync()).isFalse();
    }

    @Test
    void globalDurabilityAppliesWhenTheAnnotationSaysDefault() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_DURABILITY", "none"), Map.of());

        AtomicSettings settings = SettingsOf.atomic(config, OP, method("annotatedWithNoAttribute").getAnnotation(AtomicWrite.class));

        assertThat(settings.durability()).isEqualTo(Durability.NONE);
    }

    @Test
    void perOperationDurabilityBeatsTheAnnotation() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_DURABILITY", "fsync"),
                Map.of());

        AtomicSettings settings = SettingsOf.atomic(config, OP, method("annotatedWithEverySetting").getAnnotation(AtomicWrite.class));

        assertThat(settings.durability()).isEqualTo(Durability.FSYNC);
    }

    @Test
    void perOperationDurabilityPropertyBeatsItsVariable() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_TASKSTORE_SAVE_ATOMIC_DURABILITY", "fsync"),
                Map.of("resilientio.TaskStore.save.atomic.durability", "none"));

        assertThat(SettingsOf.atomic(config, OP, null).durability()).isEqualTo(Durability.NONE);
    }

    @Test
    void copyExistingComesFromTheAnnotation() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());

        assertThat(SettingsOf.atomic(config, OP, method("annotatedWithEverySetting").getAnnotation(AtomicWrite.class))
                .copyExisting()).isTrue();
        assertThat(SettingsOf.atomic(config, OP, method("annotatedWithNoAttribute").getAnnotation(AtomicWrite.class))
                .copyExisting()).isFalse();
        assertThat(SettingsOf.atomic(config, OP, null).copyExisting()).isFalse();
    }

    @Test
    void retryOnAndAbortOnAreCopiedFromTheAnnotation() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of());

        RetrySettings settings = SettingsOf.retry(config, OP, method("annotatedWithExceptionTypes")
                .getAnnotation(RetryFileOperation.class));

        assertThat(settings.retryOn()).containsExactly(IOException.class, IllegalStateException.class);
        assertThat(settings.abortOn()).containsExactly(NoSuchFileException.class);
        assertThat(settings.shouldRetry(new IllegalStateException("busy"))).isTrue();
        assertThat(settings.shouldRetry(new NoSuchFileException("/data/tasks.json"))).isFalse();
    }
}
