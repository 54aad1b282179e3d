package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetrySettingsTest {

    @Test
    void builderStartsFromTheBuiltInDefaults() {
        RetrySettings settings = RetrySettings.builder().build();

        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.initialDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.multiplier()).isEqualTo(2.0);
        assertThat(settings.jitter()).isEqualTo(0.5);
        assertThat(settings.retryOn()).isEmpty();
        assertThat(settings.abortOn()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsFewerThanOneAttempt(int attempts) {
        assertThatThrownBy(() -> RetrySettings.builder().maxAttempts(attempts).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("maxAttempts='" + attempts + "' is not allowed: expected "
                        + "a whole number from 1 to 2147483647");
    }

    @Test
    void acceptsOneAttempt() {
        assertThat(RetrySettings.builder().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
    }

    @Test
    void rejectsNegativeDelays() {
        assertThatThrownBy(() -> RetrySettings.builder().initialDelay(Duration.ofMillis(-1)).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("initialDelay='PT-0.001S' is not allowed");
        assertThatThrownBy(() -> RetrySettings.builder().maxDelay(Duration.ofSeconds(-5)).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("maxDelay='PT-5S' is not allowed");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.99, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsMultiplierBelowOneOrNotFinite(double multiplier) {
        assertThatThrownBy(() -> RetrySettings.builder().multiplier(multiplier).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("multiplier='" + multiplier + "' is not allowed: expected a number >= 1.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.01, Double.NaN})
    void rejectsJitterOutsideZeroToOne(double jitter) {
        assertThatThrownBy(() -> RetrySettings.builder().jitter(jitter).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("jitter='" + jitter + "' is not allowed: expected a number from 0.0 to 1.0");
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        RetrySettings settings = RetrySettings.builder().multiplier(1.0).jitter(1.0)
                .initialDelay(Duration.ZERO).maxDelay(Duration.ZERO).build();

        assertThat(settings.multiplier()).isEqualTo(1.0);
        assertThat(settings.jitter()).isEqualTo(1.0);
        assertThat(RetrySettings.builder().jitter(0.0).build().jitter()).isZero();
    }

    @Test
    void rejectsMaxDelayShorterThanInitialDelayNamingBoth() {
        assertThatThrownBy(() -> RetrySettings.builder().initialDelay(Duration.ofSeconds(2))
                .maxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("maxDelay=1s")
                .hasMessageContaining("initialDelay=2s");
    }

    @Test
    void rejectsNullDurationsAndClassifierAtOnce() {
        assertThatNullPointerException().isThrownBy(() -> RetrySettings.builder().initialDelay(null))
                .withMessage("initialDelay");
        assertThatNullPointerException().isThrownBy(() -> RetrySettings.builder().maxDelay(null))
                .withMessage("maxDelay");
        assertThatNullPointerException().isThrownBy(() -> RetrySettings.builder().classifier(null))
                .withMessage("classifier");
    }

    @Test
    void builtSettingsDoNotChangeWhenTheBuilderOrTheGivenListsChangeAfterwards() {
        List<Class<? extends Throwable>> retryOn = new ArrayList<>(List.of(IOException.class));
        RetrySettings.Builder builder = RetrySettings.builder().maxAttempts(4).retryOn(retryOn);
        RetrySettings settings = builder.build();

        retryOn.add(IllegalStateException.class);
        builder.maxAttempts(9).abortOn(List.of(NoSuchFileException.class));

        assertThat(settings.maxAttempts()).isEqualTo(4);
        assertThat(settings.retryOn()).containsExactly(IOException.class);
        assertThat(settings.abortOn()).isEmpty();
        assertThatThrownBy(() -> settings.retryOn().add(Error.class)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void classifierDecidesWhenNoRetryOnIsGiven() {
        RetrySettings windows = RetrySettings.builder().classifier(TransientIoClassifier.forOs(true)).build();
        RetrySettings linux = RetrySettings.builder().classifier(TransientIoClassifier.forOs(false)).build();
        AccessDeniedException denied = new AccessDeniedException("/data/tasks.json");

        assertThat(windows.shouldRetry(denied)).isTrue();
        assertThat(linux.shouldRetry(denied)).isFalse();
    }

    @Test
    void backoffFollowsTheSettings() {
        RetrySettings settings = RetrySettings.builder().initialDelay(Duration.ofMillis(30))
                .maxDelay(Duration.ofMillis(100)).multiplier(3.0).jitter(0.0).build();

        assertThat(settings.backoff().baseDelay(1)).isEqualTo(Duration.ofMillis(30));
        assertThat(settings.backoff().baseDelay(2)).isEqualTo(Duration.ofMillis(90));
        assertThat(settings.backoff().baseDelay(3)).isEqualTo(Duration.ofMillis(100));
    }
}
