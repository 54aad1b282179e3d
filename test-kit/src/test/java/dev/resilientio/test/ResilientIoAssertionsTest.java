package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** assertWoven on a woven class, on annotations no weaving can reach, and on a misused annotation. */
class ResilientIoAssertionsTest {

    /** Woven by ajc in this module's build. */
    static class Woven {
        @RetryFileOperation
        String read(Path file) {
            return file.toString();
        }
    }

    /** Annotations on an interface's abstract method: never woven, whatever the build does. */
    interface Unwoven {
        @RetryFileOperation
        String read(Path file) throws IOException;
    }

    /** Woven, but {@code @AtomicWrite} has no file parameter to redirect. */
    static class Misused {
        @AtomicWrite
        void save(String text) {
            // no file
        }
    }

    @Test
    void aWovenClassPasses() {
        assertThatCode(() -> ResilientIoAssertions.assertWoven(Woven.class)).doesNotThrowAnyException();
    }

    @Test
    void anUnwovenMethodFailsNamingItAndTheThreeWaysToWeave() {
        assertThatThrownBy(() -> ResilientIoAssertions.assertWoven(Woven.class, Unwoven.class))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("resilient-io: weaving is missing")
                .hasMessageContaining(Unwoven.class.getName() + " has 1 annotated method")
                .hasMessageContaining("read(")
                .hasMessageContaining("annotate the implementation")
                .hasMessageContaining("-javaagent:resilient-io-agent.jar")
                .hasMessageNotContaining(Woven.class.getName() + " has");
    }

    @Test
    void aMisusedAnnotationFailsWithItsFix() {
        assertThatThrownBy(() -> ResilientIoAssertions.assertWoven(Misused.class))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("are woven, but an annotation cannot be applied")
                .hasMessageContaining("save");
    }
}
