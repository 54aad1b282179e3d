package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Plain javac classes are never woven here: the check must say so, loudly and usefully. */
class UnwovenClassTest {

    static class Store {
        @AtomicWrite
        void save(Path file) {
        }

        @FileLocked
        private static void compact(Path file) {
        }

        void plain(Path file) {
        }
    }

    interface Repository {
        @FileLocked
        void load(Path file);
    }

    static class NoAnnotations {
        void save(Path file) {
        }
    }

    @Test
    void unwovenClassFailsNamingItsMethodsAndTheThreeWaysToWeave() {
        assertThatThrownBy(() -> WeavingCheck.verify(Store.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Store.class.getName() + " has 2 annotated methods")
                .hasMessageContaining(Store.class.getName() + ".compact(Path)")
                .hasMessageContaining(Store.class.getName() + ".save(Path)")
                .hasMessageNotContaining("plain")
                .hasMessageContaining("aspectj-maven-plugin")
                .hasMessageContaining("-javaagent:aspectjweaver.jar")
                .hasMessageContaining("-javaagent:resilient-io-agent.jar");
    }

    @Test
    void annotationsOnAnInterfaceMethodAreReportedWithTheFix() {
        assertThat(WeavingCheck.unwovenMethods(Repository.class)).hasSize(1);
        assertThatThrownBy(() -> WeavingCheck.verify(Repository.class))
                .hasMessageContaining("annotate the implementation");
    }

    @Test
    void classWithoutAnnotationsPasses() {
        assertThatCode(() -> WeavingCheck.verify(NoAnnotations.class)).doesNotThrowAnyException();
    }
}
