package dev.resilientio.core;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.rules.SettingRules;
import dev.resilientio.core.weaving.SettingsOf;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A double attribute reaches the settings grammar as a plain decimal, so values that Java prints in
 * scientific notation ({@code 1.0E-4}, {@code 1.2345678E7}) resolve to exactly what the annotation
 * says; NaN and the non-decimal forms {@code Double.parseDouble} would take are rejected.
 */
class AnnotationDoubleConfigTest {

    private static final ResilientIoConfig NOTHING_SET = ResilientIoConfig.from(Map.of(), Map.of());

    @RetryFileOperation(jitter = 0.0001)
    void tinyJitter() {
    }

    @RetryFileOperation(multiplier = 12345678.0)
    void hugeMultiplier() {
    }

    @RetryFileOperation(jitter = Double.NaN)
    void notANumberJitter() {
    }

    @Test
    void jitterThatJavaPrintsInScientificNotationResolvesExactly() throws NoSuchMethodException {
        RetrySettings settings = SettingsOf.retry(NOTHING_SET, "X.y", annotationOf("tinyJitter"));

        assertThat(settings.jitter()).isEqualTo(0.0001);
    }

    @Test
    void multiplierThatJavaPrintsInScientificNotationResolvesExactly() throws NoSuchMethodException {
        RetrySettings settings = SettingsOf.retry(NOTHING_SET, "X.y", annotationOf("hugeMultiplier"));

        assertThat(settings.multiplier()).isEqualTo(12345678.0);
    }

    @Test
    void notANumberJitterIsRejectedNamingTheAttribute() throws NoSuchMethodException {
        RetryFileOperation annotation = annotationOf("notANumberJitter");

        assertThatThrownBy(() -> SettingsOf.retry(NOTHING_SET, "X.y", annotation))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("@RetryFileOperation(jitter) of X.y")
                .hasMessageContaining("NaN")
                .hasMessageContaining(SettingRules.JITTER_ALLOWED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2d", "0x1p1", "NaN", "1e1", "Infinity"})
    void multiplierVariableTakesPlainDecimalsOnly(String value) {
        Map<String, String> environment = Map.of("RESILIENT_IO_RETRY_MULTIPLIER", value);

        assertThatThrownBy(() -> ResilientIoConfig.from(environment, Map.of()))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_RETRY_MULTIPLIER='" + value + "'")
                .hasMessageContaining(SettingRules.MULTIPLIER_ALLOWED);
    }

    private static RetryFileOperation annotationOf(String method) throws NoSuchMethodException {
        return AnnotationDoubleConfigTest.class.getDeclaredMethod(method).getAnnotation(RetryFileOperation.class);
    }
}
