package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import java.nio.file.Path;
import org.aspectj.lang.JoinPoint;
import org.junit.jupiter.api.Test;

/**
 * A class that some other around advice wove has the same moved body as one woven by resilient-io;
 * the check must still say that resilient-io never runs on it.
 */
class OtherAspectWeavingTest {

    /** Shaped as ajc leaves a class that a user's own around advice wove: no trace of our aspect. */
    static class WovenByAnotherAspect {
        @AtomicWrite
        void save(Path file) {
        }

        static void save_aroundBody0(WovenByAnotherAspect self, Path file, JoinPoint joinPoint) {
        }
    }

    /** The same shape, and its class file names resilient-io's aspect as compile-time weaving leaves it. */
    static class WovenByResilientIo {
        static final String ASPECT_CALLED = "dev/resilientio/aspects/ResilientIoAspect";

        @AtomicWrite
        void save(Path file) {
        }

        static void save_aroundBody0(WovenByResilientIo self, Path file, JoinPoint joinPoint) {
        }
    }

    @Test
    void anotherAspectsAroundAdviceIsNotTakenForOurs() {
        assertThatThrownBy(() -> WeavingCheck.verify(WovenByAnotherAspect.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(WovenByAnotherAspect.class.getName() + ".save(Path)");
    }

    @Test
    void movedBodyInAClassThatNamesOurAspectCountsAsWoven() {
        assertThat(WeavingCheck.unwovenMethods(WovenByResilientIo.class)).isEmpty();
    }
}
