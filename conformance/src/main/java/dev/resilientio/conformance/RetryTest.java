package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.FlakyReader;
import dev.resilientio.core.FileCorruptionException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @RetryFileOperation}: how often a body runs, which failures are retried, and what the caller gets. */
class RetryTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final FlakyReader reader = new FlakyReader();
    private Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("data.txt"), "content");
    }

    @Test
    void retriesTransientFailuresThenReturnsTheResult() throws IOException {
        reader.failures.thenThrow(new IOException("Resource busy"), new IOException("Resource busy"));

        String content = reader.read(file);

        assertThat(content).isEqualTo("content");
        assertThat(reader.failures.attempts()).as("attempts under %s", WeavingMode.name()).isEqualTo(3);
    }

    @Test
    void callThatSucceedsAtOnceRunsItsBodyInPlaceWithNoEngineFrameUnderIt() {
        assertThat(reader.engineFramesUnderBody(file)).as("under %s", WeavingMode.name()).isZero();
    }

    @Test
    void exhaustionRethrowsTheLastFailureUnchangedWithTheEarlierOnesSuppressed() {
        IOException first = new IOException("busy 1");
        IOException second = new IOException("busy 2");
        IOException third = new IOException("busy 3");
        IOException fourth = new IOException("busy 4");
        reader.failures.thenThrow(first, second, third, fourth, new IOException("never reached"));

        Throwable thrown = catchThrowable(() -> reader.read(file));

        assertThat(thrown).as("under %s", WeavingMode.name()).isSameAs(fourth);
        assertThat(thrown.getSuppressed()).containsExactly(first, second, third);
        assertThat(reader.failures.attempts()).isEqualTo(4);
    }

    static Stream<IOException> permanentFailures() {
        return Stream.of(
                new FileNotFoundException("gone"),
                new FileAlreadyExistsException("/data/x"),
                new AccessDeniedException("/data/x"),
                new CharacterCodingException(),
                new InterruptedIOException("interrupted"),
                new FileCorruptionException(Path.of("/data/x"), List.of(), new IOException("bad json")),
                new FileSystemException("/data/x", null, "No space left on device"));
    }

    @ParameterizedTest
    @MethodSource("permanentFailures")
    void permanentFailureIsThrownAfterOneAttempt(IOException permanent) {
        reader.failures.thenThrow(permanent);

        Throwable thrown = catchThrowable(() -> reader.read(file));

        assertThat(thrown).isSameAs(permanent);
        assertThat(reader.failures.attempts()).as("attempts under %s", WeavingMode.name()).isEqualTo(1);
        assertThat(time.delays()).isEmpty();
    }

    @Test
    void missingFileFailsAfterOneAttempt() {
        Path missing = dir.resolve("missing.txt");

        Throwable thrown = catchThrowable(() -> reader.read(missing));

        assertThat(thrown).isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.txt");
        assertThat(reader.failures.attempts()).as("attempts under %s", WeavingMode.name()).isEqualTo(1);
    }

    @Test
    void runtimeExceptionIsNotRetried() {
        IllegalStateException bug = new IllegalStateException("a bug, not a busy file");
        reader.failures.thenThrow(bug);

        Throwable thrown = catchThrowable(() -> reader.read(file));

        assertThat(thrown).isSameAs(bug);
        assertThat(reader.failures.attempts()).isEqualTo(1);
    }

    @Test
    void errorIsNotRetried() {
        OutOfMemoryError error = new OutOfMemoryError("scripted");
        reader.failures.thenThrow(error);

        Throwable thrown = catchThrowable(() -> reader.read(file));

        assertThat(thrown).isSameAs(error);
        assertThat(reader.failures.attempts()).isEqualTo(1);
    }

    @Test
    void retryOnRetriesListedFailuresEvenWhenPermanentByDefault() throws IOException {
        reader.failures.thenThrow(new NoSuchFileException("/mnt/share/data.txt"));

        String content = reader.readRetryingFileSystemErrors(file);

        assertThat(content).isEqualTo("content");
        assertThat(reader.failures.attempts()).isEqualTo(2);
    }

    @Test
    void retryOnLeavesUnlistedTransientFailuresUnretried() {
        IOException transientButUnlisted = new IOException("Resource busy");
        reader.failures.thenThrow(transientButUnlisted);

        Throwable thrown = catchThrowable(() -> reader.readRetryingFileSystemErrors(file));

        assertThat(thrown).isSameAs(transientButUnlisted);
        assertThat(reader.failures.attempts()).isEqualTo(1);
    }

    @Test
    void retryOnCanRetryRuntimeExceptions() throws IOException {
        // A missing file inside: without retryOn naming the wrapper, it would fail after one attempt.
        reader.failures.thenThrow(new UncheckedIOException(new NoSuchFileException("/mnt/share/data.txt")));

        String content = reader.readRetryingUncheckedIo(file);

        assertThat(content).isEqualTo("content");
        assertThat(reader.failures.attempts()).isEqualTo(2);
    }

    @Test
    void abortOnWinsOverRetryOn() {
        EOFException truncated = new EOFException("truncated");
        reader.failures.thenThrow(truncated);

        Throwable thrown = catchThrowable(() -> reader.readAbortingOnEndOfFile(file));

        assertThat(thrown).isSameAs(truncated);
        assertThat(reader.failures.attempts()).isEqualTo(1);
    }

    @Test
    void abortOnLeavesOtherListedFailuresRetried() throws IOException {
        reader.failures.thenThrow(new IOException("busy"), new IOException("busy"));

        String content = reader.readAbortingOnEndOfFile(file);

        assertThat(content).isEqualTo("content");
        assertThat(reader.failures.attempts()).isEqualTo(3);
    }
}
