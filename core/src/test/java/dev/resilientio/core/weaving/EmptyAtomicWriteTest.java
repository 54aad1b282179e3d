package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code @AtomicWrite} body that returns without writing its temp empties the target; when the
 * target had content, a WARN names the class and method, the target and the size it had.
 */
class EmptyAtomicWriteTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture log = LogCapture.of(AnnotatedMethod.class);

    static class Store {
        @AtomicWrite
        void forgetsToWrite(Path file) {
            // Builds the content but never writes it to the file it was given.
        }

        @AtomicWrite
        void writes(Path file) throws IOException {
            Files.writeString(file, "new");
        }
    }

    private static void call(String name, Path file) throws Throwable {
        Method method = Store.class.getDeclaredMethod(name, Path.class);
        Store store = new Store();
        AnnotatedMethod.of(method).invoke(store, new Object[] {file}, args -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void bodyThatWritesNothingOverAFileWithContentIsCommittedWithAWarning() throws Throwable {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[1, 2, 3, 4]");

        call("forgetsToWrite", file);

        assertThat(file).isEmptyFile();
        assertThat(log.warnings()).singleElement().asString()
                .contains(Store.class.getName() + ".forgetsToWrite")
                .contains(file.toRealPath().toString())
                .contains("replaces its 12 bytes with an empty file")
                .contains("or throw to keep the file as it is");
    }

    @Test
    void bodyThatWritesNothingForANewOrEmptyFileIsQuiet() throws Throwable {
        Path fresh = dir.resolve("new.json");
        Path empty = Files.createFile(dir.resolve("empty.json"));

        call("forgetsToWrite", fresh);
        call("forgetsToWrite", empty);

        assertThat(fresh).isEmptyFile();
        assertThat(empty).isEmptyFile();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void bodyThatWritesIsQuiet() throws Throwable {
        Path file = Files.writeString(dir.resolve("tasks.json"), "old");

        call("writes", file);

        assertThat(file).hasContent("new");
        assertThat(log.warnings()).isEmpty();
    }
}
