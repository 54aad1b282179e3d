package dev.resilientio.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.ResilientIoConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two settings of the recovery file, as configuration reads them. */
class RecoveryDirSettingTest {

    @Test
    void aRelativeRecoveryDirIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_RECOVERY_DIR", "recovery"), Map.of())
                .operation("Store.save"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("RESILIENT_IO_ATOMIC_RECOVERY_DIR='recovery' is not allowed: it is not an absolute path")
                .hasMessageContaining("an absolute directory path");
    }

    @Test
    void keepFailedIsOffWithNoRecoveryDirByDefaultAndPerOperationWins() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of("RESILIENT_IO_STORE_SAVE_ATOMIC_KEEP_FAILED", "true"),
                Map.of("resilientio.atomic.recovery-dir", "/var/lib/app/../app/recovery"));

        assertThat(config.operation("Other.save").atomic().keepFailed()).isFalse();
        assertThat(config.operation("Store.save").atomic().keepFailed()).isTrue();
        assertThat(config.operation("Store.save").atomic().recoveryDir()).isEqualTo(Path.of("/var/lib/app/recovery"));
        assertThat(ResilientIoConfig.from(Map.of(), Map.of()).operation("Store.save").atomic().recoveryDir()).isNull();
    }

    @Test
    void keepFailedTakesOnlyTrueOrFalse() {
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_ATOMIC_KEEP_FAILED", "yes"), Map.of())
                .operation("Store.save"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("RESILIENT_IO_ATOMIC_KEEP_FAILED='yes' is not allowed: expected true or false");
    }
}
