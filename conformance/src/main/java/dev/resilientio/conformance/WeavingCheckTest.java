package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.FixedPathStore;
import dev.resilientio.conformance.fixtures.misuse.MisusedAnnotations;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.weaving.WeavingCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link WeavingCheck} sees every fixture as woven in the mode this run uses. */
class WeavingCheckTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @Test
    void everyFixtureClassPassesTheWeavingCheck() {
        config.set(FixedPathStore.DIRECTORY_PROPERTY, dir.toString());
        List<Class<?>> fixtures = FixtureClasses.in("dev.resilientio.conformance.fixtures");

        assertThat(fixtures).as("fixture classes found").contains(FixedPathStore.class).hasSizeGreaterThan(8);
        for (Class<?> fixture : fixtures) {
            assertThat(WeavingCheck.unwovenMethods(fixture)).as("unwoven methods of %s under %s",
                    fixture.getSimpleName(), WeavingMode.name()).isEmpty();
            assertThatCode(() -> WeavingCheck.verify(fixture)).as("check of %s", fixture.getSimpleName())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void misusedFixtureIsWovenButFailsTheCheckOnItsAnnotationUse() {
        Throwable thrown = catchThrowable(() -> WeavingCheck.verify(MisusedAnnotations.class));

        assertThat(WeavingCheck.unwovenMethods(MisusedAnnotations.class)).as("under %s", WeavingMode.name()).isEmpty();
        assertThat(thrown).isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(MisusedAnnotations.class.getName());
    }
}
