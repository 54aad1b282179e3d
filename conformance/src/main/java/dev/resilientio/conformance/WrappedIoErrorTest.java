package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.JacksonWriter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.exc.JacksonIOException;

/**
 * {@code @RetryFileOperation} around Jackson 3's {@code writeValue}: an IO error that Jackson wraps
 * is retried or not by the IO error inside, and the caller gets the wrapper the body threw.
 */
class WrappedIoErrorTest {

    private static final List<String> TASKS = List.of("water the plants", "renew the passport");

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final JacksonWriter writer = new JacksonWriter();

    /** What a busy device makes a write fail with; a real {@code EBUSY} cannot be had on demand. */
    private static FileSystemException busy(Path file) {
        return new FileSystemException(file.toString(), null, "Device or resource busy");
    }

    @Test
    void jacksonWriteThatMeetsABusyFileIsRetriedUntilItWrites() throws IOException {
        Path file = dir.resolve("tasks.json");
        writer.streams.thenFail(busy(file), busy(file));

        writer.write(file, TASKS);

        assertThat(writer.streams.made()).as("attempts under %s", WeavingMode.name()).isEqualTo(3);
        assertThat(writer.thrownByBody).hasSize(2).allMatch(JacksonIOException.class::isInstance);
        assertThat(time.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(Files.readString(file)).isEqualTo("[\"water the plants\",\"renew the passport\"]");
    }

    @Test
    void wrappedMissingFileFailsAfterOneAttemptWithTheWrapperTheBodyThrew() {
        Path file = dir.resolve("tasks.json");
        NoSuchFileException missing = new NoSuchFileException(file.toString());
        writer.streams.thenFail(missing);

        Throwable thrown = catchThrowable(() -> writer.write(file, TASKS));

        assertThat(writer.thrownByBody).hasSize(1);
        assertThat(thrown).as("under %s", WeavingMode.name()).isSameAs(writer.thrownByBody.get(0))
                .isInstanceOf(JacksonIOException.class);
        assertThat(thrown.getCause()).isSameAs(missing);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(writer.streams.made()).isEqualTo(1);
        assertThat(time.delays()).isEmpty();
    }

    @Test
    void exhaustionRethrowsTheLastWrapperWithTheEarlierOnesSuppressed() {
        Path file = dir.resolve("tasks.json");
        writer.streams.thenFail(busy(file), busy(file), busy(file));

        Throwable thrown = catchThrowable(() -> writer.write(file, TASKS));

        assertThat(writer.thrownByBody).hasSize(3);
        assertThat(thrown).as("under %s", WeavingMode.name()).isSameAs(writer.thrownByBody.get(2));
        assertThat(thrown.getSuppressed()).containsExactly(writer.thrownByBody.get(0), writer.thrownByBody.get(1));
    }
}
