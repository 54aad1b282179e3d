package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.resilientio.core.weaving.WeavingCheck;
import org.junit.jupiter.api.Test;

class WeavingTest {

    @Test
    void annotatedClassesAreWovenByTheBuild() {
        assertThat(WeavingCheck.unwovenMethods(ResilientTaskStore.class)).isEmpty();
        assertThat(WeavingCheck.unwovenMethods(FlakyShare.class)).isEmpty();
        assertThat(WeavingCheck.unwovenMethods(OutageShare.class)).isEmpty();
        assertThatCode(() -> WeavingCheck.verify(ResilientTaskStore.class, FlakyShare.class, OutageShare.class))
                .doesNotThrowAnyException();
    }
}
