package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.OverriddenReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An annotated method's own body is what runs per attempt, never an override of it. */
class OverrideTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    @Test
    void overrideWithoutAnnotationRunsOnceWhileTheBaseBodyIsRetried() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        OverriddenReader reader = new OverriddenReader.PlainOverride();
        reader.failures.thenFailTimes(2);

        String read = reader.read(file);

        assertThat(read).isEqualTo("content");
        assertThat(reader.failures.attempts()).as("base attempts under %s", WeavingMode.name()).isEqualTo(3);
        assertThat(reader.overrideRuns).as("override runs under %s", WeavingMode.name()).hasValue(1);
    }

    @Test
    void annotatedOverrideOwnsTheAttemptsAndItsSuperCallRunsOncePerAttempt() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "content");
        OverriddenReader reader = new OverriddenReader.AnnotatedOverride();
        reader.failures.thenFailTimes(2);

        String read = reader.read(file);

        assertThat(read).isEqualTo("content");
        assertThat(reader.failures.attempts()).as("base attempts under %s", WeavingMode.name()).isEqualTo(3);
        assertThat(reader.overrideRuns).as("override runs under %s", WeavingMode.name()).hasValue(3);
    }
}
