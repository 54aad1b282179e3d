package dev.resilientio.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.weaving.AnnotatedMethod;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings an application framework installs rank below the engine's own sources: per-operation
 * property, per-operation variable, per-operation application setting, the annotation, global
 * property, global variable, global application setting, the built-in default.
 */
class ApplicationSettingsTest {

    private static final String OP = "TaskStore.save";

    @RegisterExtension
    final LogCapture log = LogCapture.of(ResilientIoConfig.class);

    @RegisterExtension
    final SystemConfig system = new SystemConfig();

    @RetryFileOperation(name = OP, maxAttempts = 5)
    @FileLocked(timeout = "7s")
    static void annotated() {
    }

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    /** One setting, with a value per source that all differ, read for the annotated method. */
    record Case(Setting setting, String annotationText, String defaultText) {
        @Override
        public String toString() {
            return setting.name();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(Setting.RETRY_MAX_ATTEMPTS, "5", "3"), new Case(Setting.LOCK_TIMEOUT, "7s", "10s"));
    }

    private static String read(ResilientIoConfig config, Setting setting) {
        Method method;
        try {
            method = ApplicationSettingsTest.class.getDeclaredMethod("annotated");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        OperationSettings settings = AnnotatedMethod.of(method).settings(config);
        return setting == Setting.LOCK_TIMEOUT ? settings.lockTimeout().toSeconds() + "s"
                : String.valueOf(settings.retry().maxAttempts());
    }

    private static String readUnannotated(ResilientIoConfig config, Setting setting) {
        OperationSettings settings = config.operation("Other.op");
        return setting == Setting.LOCK_TIMEOUT ? settings.lockTimeout().toSeconds() + "s"
                : String.valueOf(settings.retry().maxAttempts());
    }

    private static ApplicationSettings app(Setting setting, String globalText, String perOperationText) {
        ApplicationSettings.Builder builder = ApplicationSettings.builder();
        if (globalText != null) {
            builder.set(setting.propertyName(), globalText, "application property " + setting.propertyName());
        }
        if (perOperationText != null) {
            builder.set(setting.propertyName(OP), perOperationText, "application property resilientio.operations["
                    + OP + "]." + setting.propertySuffix());
        }
        return builder.build();
    }

    private static String text(Setting setting, int n) {
        return setting == Setting.LOCK_TIMEOUT ? n + "s" : String.valueOf(n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void globalApplicationSettingBeatsTheDefaultOnly(Case c) {
        Setting s = c.setting();
        ResilientIoConfig appOnly = ResilientIoConfig.from(Map.of(), Map.of(), app(s, text(s, 11), null));
        ResilientIoConfig underEnv = ResilientIoConfig.from(Map.of(s.envName(), text(s, 12)), Map.of(),
                app(s, text(s, 11), null));
        ResilientIoConfig underProperty = ResilientIoConfig.from(Map.of(), Map.of(s.propertyName(), text(s, 13)),
                app(s, text(s, 11), null));

        assertThat(readUnannotated(appOnly, s)).isEqualTo(text(s, 11));
        assertThat(read(appOnly, s)).isEqualTo(c.annotationText());
        assertThat(readUnannotated(underEnv, s)).isEqualTo(text(s, 12));
        assertThat(readUnannotated(underProperty, s)).isEqualTo(text(s, 13));
        assertThat(readUnannotated(ResilientIoConfig.from(Map.of(), Map.of(), ApplicationSettings.NONE), s))
                .isEqualTo(c.defaultText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void perOperationApplicationSettingBeatsTheAnnotationAndEveryGlobalSource(Case c) {
        Setting s = c.setting();
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(s.envName(), text(s, 12)),
                Map.of(s.propertyName(), text(s, 13)), app(s, text(s, 11), text(s, 14)));

        assertThat(read(config, s)).isEqualTo(text(s, 14));
        assertThat(readUnannotated(config, s)).isEqualTo(text(s, 13));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void perOperationVariableAndPropertyBeatThePerOperationApplicationSetting(Case c) {
        Setting s = c.setting();
        ResilientIoConfig underEnv = ResilientIoConfig.from(Map.of(s.envName(OP), text(s, 15)), Map.of(),
                app(s, null, text(s, 14)));
        ResilientIoConfig underProperty = ResilientIoConfig.from(Map.of(s.envName(OP), text(s, 15)),
                Map.of(s.propertyName(OP), text(s, 16)), app(s, null, text(s, 14)));

        assertThat(read(underEnv, s)).isEqualTo(text(s, 15));
        assertThat(read(underProperty, s)).isEqualTo(text(s, 16));
    }

    @Test
    void enabledComesFromTheApplicationBelowTheEnvironment() {
        ApplicationSettings off = ApplicationSettings.builder()
                .set("resilientio.enabled", "false", "application property resilientio.enabled").build();

        assertThat(ResilientIoConfig.from(Map.of(), Map.of(), off).enabled()).isFalse();
        assertThat(ResilientIoConfig.from(Map.of("RESILIENT_IO_ENABLED", "true"), Map.of(), off).enabled()).isTrue();
    }

    @Test
    void aBadApplicationValueIsNamedAsShownWithWhatIsAllowed() {
        ApplicationSettings bad = ApplicationSettings.builder().set("resilientio.retry.jitter", "7",
                "application property resilientio.retry.jitter (command line argument)").build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("application property resilientio.retry.jitter (command line argument)='7' is not allowed:"
                        + " expected a number from 0.0 to 1.0");
    }

    @Test
    void aBadEnabledValueFails() {
        ApplicationSettings bad = ApplicationSettings.builder()
                .set("resilientio.enabled", "maybe", "application property resilientio.enabled").build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("application property resilientio.enabled='maybe' is not allowed")
                .hasMessageContaining("true or false");
    }

    @Test
    void aBadPerOperationApplicationValueFailsTheSnapshotNotTheFirstCall() {
        ApplicationSettings bad = ApplicationSettings.builder().set(Setting.LOCK_TIMEOUT.propertyName(OP), "forever",
                "application property resilientio.operations[TaskStore.save].lock.timeout").build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("application property resilientio.operations[TaskStore.save].lock.timeout='forever'"
                        + " is not allowed");
    }

    @Test
    void aBadPerBreakerApplicationValueFailsTheSnapshotNotTheFirstCall() {
        ApplicationSettings bad = ApplicationSettings.builder()
                .set(Setting.CIRCUIT_BREAKER_FAILURE_THRESHOLD.propertyName("tasks-share"), "0",
                        "application property resilientio.circuit-breakers.tasks-share.failure-threshold").build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("application property resilientio.circuit-breakers.tasks-share.failure-threshold='0'"
                        + " is not allowed");
    }

    @Test
    void aBadBreakerNameOfAnOperationFailsTheSnapshot() {
        ApplicationSettings bad = ApplicationSettings.builder().set(Setting.CIRCUIT_BREAKER.propertyName(OP), "x".repeat(201),
                "application property resilientio.operations[TaskStore.save].circuit-breaker").build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("application property resilientio.operations[TaskStore.save].circuit-breaker=");
    }

    @Test
    void aShortApplicationMaxDelayNamesThePropertyToRaise() {
        ApplicationSettings bad = ApplicationSettings.builder()
                .set("resilientio.retry.max-delay", "50ms", "application property resilientio.retry.max-delay")
                .set("resilientio.retry.initial-delay", "1s", "application property resilientio.retry.initial-delay")
                .build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageStartingWith("application property resilientio.retry.max-delay=50ms is not allowed")
                .hasMessageContaining("raise application property resilientio.retry.max-delay to a duration >= 1s,"
                        + " or lower application property resilientio.retry.initial-delay");
    }

    @Test
    void installedSettingsApplyAtOnceAndSurviveReload() {
        ResilientIoConfig.install(app(Setting.LOCK_TIMEOUT, "3s", null));

        assertThat(ResilientIoConfig.global().operation("Other.op").lockTimeout()).isEqualTo(Duration.ofSeconds(3));

        system.set("resilientio.retry.max-attempts", "6");

        assertThat(ResilientIoConfig.global().operation("Other.op").lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ResilientIoConfig.global().operation("Other.op").retry().maxAttempts()).isEqualTo(6);
        assertThat(ResilientIoConfig.global().applicationSettings()).isSameAs(ResilientIoConfig.installed());
    }

    @Test
    void aBadInstallKeepsThePreviousSettingsAndConfiguration() {
        ApplicationSettings good = app(Setting.LOCK_TIMEOUT, "3s", null);
        ResilientIoConfig.install(good);
        ResilientIoConfig before = ResilientIoConfig.global();
        ApplicationSettings bad = app(Setting.RETRY_MAX_ATTEMPTS, "0", null);

        assertThatThrownBy(() -> ResilientIoConfig.install(bad))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("application property resilientio.retry.max-attempts='0' is not allowed")
                .hasMessageContaining("a whole number from 1 to 2147483647");
        assertThat(ResilientIoConfig.global()).isSameAs(before);
        assertThat(ResilientIoConfig.reload().operation("Other.op").lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ResilientIoConfig.installed()).isSameAs(good);
    }

    @Test
    void installingNoneRemovesTheSettings() {
        ResilientIoConfig.install(app(Setting.LOCK_TIMEOUT, "3s", null));

        ResilientIoConfig.install(ApplicationSettings.NONE);

        assertThat(ResilientIoConfig.global().operation("Other.op").lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anUnknownApplicationNameIsReportedAsShownWithTheNearestName() {
        ApplicationSettings typo = ApplicationSettings.builder().set("resilientio.retry.max-atempts", "5",
                "application property resilientio.retry.max-atempts (class path resource [application.yml] - 3:5)")
                .build();

        ResilientIoConfig.from(Map.of(), Map.of(), typo);
        ResilientIoConfig.from(Map.of(), Map.of(), typo);

        assertThat(log.warnings()).singleElement().asString()
                .contains("The application property resilientio.retry.max-atempts (class path resource [application.yml]"
                        + " - 3:5) names no setting of resilient-io")
                .contains("did you mean resilientio.retry.max-attempts?");
    }

    @Test
    void theFrameworksOwnNamesAreNotReported() {
        ApplicationSettings settings = ApplicationSettings.builder()
                .frameworkName("resilientio.weaving-check").frameworkName("resilientio.circuit-breakers")
                .set("resilientio.weaving-check", "fail", "application property resilientio.weaving-check")
                .set("resilientio.circuit-breakers.store.window", "10", "application property resilientio.circuit-breakers")
                .build();

        ResilientIoConfig.from(Map.of(), Map.of("resilientio.weaving-check", "warn"), settings);

        assertThat(log.warnings()).isEmpty();
    }
}
