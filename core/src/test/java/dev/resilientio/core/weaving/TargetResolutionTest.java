package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.annotations.TargetFile;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The five rules that find the file an annotated method works on, and their errors. */
class TargetResolutionTest {

    static class Rules {
        @TargetFile
        private Path configured = Path.of("from-field.json");

        @FileLocked
        void marked(Path other, @TargetFile String file) {
        }

        @FileLocked(path = "${resilientio.test.dir}/fixed.json")
        void fixed(Path ignored) {
        }

        @FileLocked(path = "${NO_SUCH_VARIABLE_FOR_TESTS}/x")
        void unknownPlaceholder() {
        }

        @FileLocked
        void onlyFile(String name, File file) {
        }

        @FileLocked
        void twoFiles(Path from, Path to) {
        }

        @RetryFileOperation
        void fromField(String text) {
        }

        @AtomicWrite
        void nothingToRedirect(String text) {
        }

        @FileLocked
        void unsupported(@TargetFile Object file) {
        }
    }

    static class StaticUser {
        @TargetFile
        private final Path file = Path.of("x");

        @FileLocked
        static void save() {
        }
    }

    static class NoTarget {
        @RetryFileOperation
        void sync(String text) {
        }
    }

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    /** A configuration snapshot of this environment and the system properties as they are now. */
    private static ResilientIoConfig snapshot(Map<String, String> environment) {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        return ResilientIoConfig.from(environment, properties);
    }

    private static MethodTargets.Source lockTarget(Class<?> type, String name) {
        Method m = method(type, name);
        FileLocked locked = m.getAnnotation(FileLocked.class);
        return MethodTargets.forMethod(m, FileLocked.class, locked == null ? "" : locked.path(), snapshot(Map.of()));
    }

    @Test
    void markedParameterWinsOverOtherFileParameters() {
        Path target = lockTarget(Rules.class, "marked").of(new Rules(), new Object[] {Path.of("other"), "marked.json"});

        assertThat(target).isEqualTo(Path.of("marked.json"));
    }

    @Test
    void pathAttributeExpandsSystemProperties() {
        System.setProperty("resilientio.test.dir", "/srv/data");
        try {
            Path target = lockTarget(Rules.class, "fixed").of(new Rules(), new Object[] {Path.of("ignored")});

            assertThat(target).isEqualTo(Path.of("/srv/data/fixed.json"));
        } finally {
            System.clearProperty("resilientio.test.dir");
        }
    }

    @Test
    void pathAttributeFallsBackToTheEnvironmentAndSystemPropertiesWin() {
        Method fixed = method(Rules.class, "fixed");
        Map<String, String> environment = Map.of("resilientio.test.dir", "/from/env");

        Path fromEnvironment = MethodTargets.forMethod(fixed, FileLocked.class, fixed.getAnnotation(FileLocked.class).path(),
                snapshot(environment)).of(new Rules(), new Object[] {Path.of("ignored")});
        System.setProperty("resilientio.test.dir", "/from/property");
        try {
            Path fromProperty = MethodTargets.forMethod(fixed, FileLocked.class,
                    fixed.getAnnotation(FileLocked.class).path(), snapshot(environment)).of(new Rules(), new Object[] {null});

            assertThat(fromEnvironment).isEqualTo(Path.of("/from/env/fixed.json"));
            assertThat(fromProperty).isEqualTo(Path.of("/from/property/fixed.json"));
        } finally {
            System.clearProperty("resilientio.test.dir");
        }
    }

    @Test
    void emptyPlaceholderIsAnAnnotationError() throws Exception {
        Method m = Rules.class.getDeclaredMethod("unknownPlaceholder");

        assertThatThrownBy(() -> MethodTargets.forMethod(m, FileLocked.class, "${}/x", snapshot(Map.of())))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("empty ${}")
                .hasMessageContaining(Rules.class.getName() + ".unknownPlaceholder()");
    }

    @Test
    void unknownPlaceholderNamesItAndTheMethod() {
        assertThatThrownBy(() -> lockTarget(Rules.class, "unknownPlaceholder"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("${NO_SUCH_VARIABLE_FOR_TESTS}")
                .hasMessageContaining(Rules.class.getName() + ".unknownPlaceholder()");
    }

    @Test
    void onlyFileParameterIsTheTarget() {
        Path target = lockTarget(Rules.class, "onlyFile").of(new Rules(), new Object[] {"name", new File("f.json")});

        assertThat(target).isEqualTo(Path.of("f.json"));
    }

    @Test
    void twoUnmarkedFileParametersAreAmbiguous() {
        assertThatThrownBy(() -> lockTarget(Rules.class, "twoFiles"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(Rules.class.getName() + ".twoFiles(Path, Path)")
                .hasMessageContaining("2 Path/File parameters")
                .hasMessageContaining("Mark that parameter with @TargetFile");
    }

    @Test
    void markedFieldOfTheClassIsTheLastResort() {
        Method m = method(Rules.class, "fromField");

        Path target = MethodTargets.forMethod(m, RetryFileOperation.class, "", snapshot(Map.of())).of(new Rules(), new Object[] {"x"});

        assertThat(target).isEqualTo(Path.of("from-field.json"));
    }

    @Test
    void staticMethodCannotUseAnInstanceField() {
        assertThatThrownBy(() -> lockTarget(StaticUser.class, "save"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("is static")
                .hasMessageContaining("field file");
    }

    @Test
    void noTargetAtAllNamesTheRulesAndTheFix() {
        Method m = method(NoTarget.class, "sync");

        assertThatThrownBy(() -> MethodTargets.forMethod(m, RetryFileOperation.class, "", snapshot(Map.of())))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("@RetryFileOperation on " + NoTarget.class.getName() + ".sync(String)")
                .hasMessageContaining("has no target file")
                .hasMessageContaining("Mark the file the method works on with @TargetFile")
                .as("a retry alone is not told to add a lock").hasMessageNotContaining("@FileLocked(path");
    }

    @Test
    void atomicWriteNeedsAParameterToRedirect() {
        assertThatThrownBy(() -> MethodTargets.forRedirect(method(Rules.class, "nothingToRedirect")))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("@AtomicWrite on " + Rules.class.getName() + ".nothingToRedirect(String)")
                .hasMessageContaining("nothing to redirect");
    }

    @Test
    void targetFileOnUnsupportedTypeNamesTheAllowedTypes() {
        assertThatThrownBy(() -> lockTarget(Rules.class, "unsupported"))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("allowed types are java.nio.file.Path, java.io.File and String");
    }

    @Test
    void nullTargetArgumentIsAClearError() {
        MethodTargets.Source source = lockTarget(Rules.class, "onlyFile");

        assertThatThrownBy(() -> source.of(new Rules(), new Object[] {"name", null}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null target file in parameter 2 (File)");
    }

    @Test
    void redirectKeepsTheParameterType() {
        MethodTargets.ParameterSource file = MethodTargets.forRedirect(method(Rules.class, "onlyFile"));
        MethodTargets.ParameterSource text = MethodTargets.forRedirect(method(Rules.class, "marked"));
        Path temp = Path.of("/d/.t.tmp");

        assertThat(file.redirect(temp)).isEqualTo(new File("/d/.t.tmp"));
        assertThat(text.redirect(temp)).isEqualTo("/d/.t.tmp");
    }
}
