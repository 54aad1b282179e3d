package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.misuse.MisusedAnnotations;
import dev.resilientio.core.ResilientIoConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Annotations used wrongly fail on the first call, before the body runs, with a
 * {@link ResilientIoConfigException} whose message names the class, the method and the fix.
 */
class MisuseTest {

    static Stream<Arguments> misuses() {
        return Stream.of(
                misuse("lockWithoutTarget", files -> files.lockWithoutTarget("text"),
                        List.of("has no target file", "Mark the file the method works on with @TargetFile")),
                misuse("copy", files -> files.copy(Path.of("a"), Path.of("b")),
                        List.of("2 Path/File parameters", "Mark that parameter with @TargetFile")),
                misuse("writeWithoutFileParameter", files -> files.writeWithoutFileParameter("text"),
                        List.of("@AtomicWrite", "nothing to redirect", "Add that parameter")),
                misuse("lockById", files -> files.lockById(42),
                        List.of("java.lang.Integer", "allowed types are java.nio.file.Path, java.io.File and String")),
                misuse("lockUnsetPlaceholder", MisusedAnnotations::lockUnsetPlaceholder,
                        List.of("${" + MisusedAnnotations.UNSET_PROPERTY + "}", "set one of them")),
                misuse("recoverAndWrite", files -> files.recoverAndWrite(Path.of("a")),
                        List.of("@RecoverFromBackup and @AtomicWrite are both on", "Read in one method")),
                misuse("restoreUnderSharedLock", files -> files.restoreUnderSharedLock(Path.of("a")),
                        List.of("mode = SHARED", "Use @FileLocked(mode = EXCLUSIVE)")));
    }

    private static Arguments misuse(String method, Consumer<MisusedAnnotations> call, List<String> fix) {
        return Arguments.of(method, call, fix);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void misuseFailsOnEveryCallNamingClassMethodAndFixWithoutRunningTheBody(String method,
            Consumer<MisusedAnnotations> call, List<String> fix) {
        MisusedAnnotations files = new MisusedAnnotations();

        Throwable first = catchThrowable(() -> call.accept(files));
        Throwable second = catchThrowable(() -> call.accept(files));

        assertThat(first).as("first call under %s", WeavingMode.name()).isInstanceOf(ResilientIoConfigException.class)
                .hasMessageContaining(MisusedAnnotations.class.getName() + "." + method + "(");
        for (String part : fix) {
            assertThat(first).hasMessageContaining(part);
        }
        assertThat(second).as("second call").isInstanceOf(ResilientIoConfigException.class)
                .hasMessage(first.getMessage());
        assertThat(files.bodyRuns.get()).as("body runs").isZero();
    }
}
