package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.RetryFileOperation;
import java.lang.reflect.Method;
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

    /** As ajc leaves a method whose advice it inlined without a join point: the moved body takes none. */
    static class InlinedByResilientIo {
        static final String ASPECT_CALLED = "dev/resilientio/aspects/ResilientIoAspect";

        @RetryFileOperation
        String read(Path file) {
            return "";
        }

        static String read_aroundBody0(InlinedByResilientIo self, Path file) {
            return "";
        }

        @RetryFileOperation
        String other(Path file) {
            return "";
        }

        static String other_aroundBody2(InlinedByResilientIo self, String file) {
            return "";
        }
    }

    @Test
    void bodyMovedByInlinedAdviceCountsAsWovenWhenItTakesTheMethodsParameters() {
        assertThat(WeavingCheck.unwovenMethods(InlinedByResilientIo.class)).extracting(Method::getName)
                .containsExactly("other");
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
