package dev.resilientio.core;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.resilientio.core.internal.WrappedIoErrors;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.FailingStreams;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

/** Retry classifies an IO error that a library wrapped by the IO error inside, and rethrows the wrapper unchanged. */
class WrappedIoErrorRetryTest {

    private static final TransientIoClassifier LINUX = TransientIoClassifier.forOs(false);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> TASKS = List.of("water the plants", "renew the passport");

    @TempDir
    Path dir;

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private static FileSystemException busy() {
        return new FileSystemException("/data/tasks.json", null, "Device or resource busy");
    }

    /** What Jackson 3 itself throws when the stream it writes to fails, not an exception built by hand. */
    private static RuntimeException thrownByJackson3(IOException streamFailure) {
        OutputStream failing = new FailingStreams().thenFail(streamFailure).over(OutputStream.nullOutputStream());
        return (RuntimeException) catchThrowable(() -> MAPPER.writeValue(failing, TASKS));
    }

    static Stream<Named<Function<IOException, Throwable>>> wrappers() {
        return Stream.of(
                named("UncheckedIOException", UncheckedIOException::new),
                named("Jackson 3 writeValue (JacksonIOException)", WrappedIoErrorRetryTest::thrownByJackson3),
                named("Jackson 2 JsonMappingException", e -> JsonMappingException.wrapWithPath(e, TASKS, 0)),
                named("CompletionException", CompletionException::new),
                named("ExecutionException", ExecutionException::new),
                named("UndeclaredThrowableException", UndeclaredThrowableException::new),
                named("InvocationTargetException", InvocationTargetException::new),
                named("ExecutionException > CompletionException > UncheckedIOException",
                        e -> new ExecutionException(new CompletionException(new UncheckedIOException(e)))),
                named("InvocationTargetException > Jackson 3 writeValue",
                        e -> new InvocationTargetException(thrownByJackson3(e))));
    }

    @Test
    void jackson3WrapsTheStreamFailureInJacksonIoException() {
        FileSystemException streamFailure = busy();

        Throwable thrown = thrownByJackson3(streamFailure);

        assertThat(thrown).isInstanceOf(JacksonIOException.class);
        assertThat(thrown.getCause()).isSameAs(streamFailure);
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void wrappedBusyErrorIsTransient(Function<IOException, Throwable> wrap) {
        FileSystemException inside = busy();
        Throwable wrapped = wrap.apply(inside);

        assertThat(LINUX.isTransient(wrapped)).isTrue();
        assertThat(WrappedIoErrors.ioErrorInside(wrapped)).isSameAs(inside);
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void wrappedPermanentErrorStaysPermanent(Function<IOException, Throwable> wrap) {
        Throwable missing = wrap.apply(new NoSuchFileException("/data/tasks.json"));
        Throwable diskFull = wrap.apply(new FileSystemException("/data/tasks.json", null, "No space left on device"));

        assertThat(LINUX.isTransient(missing)).isFalse();
        assertThat(LINUX.isTransient(diskFull)).isFalse();
    }

    @Test
    void runtimeExceptionWithAnIoCauseIsNotUnwrapped() {
        RuntimeException plain = new RuntimeException("could not save", busy());
        IllegalStateException state = new IllegalStateException("store closed", busy());

        assertThat(LINUX.isTransient(plain)).isFalse();
        assertThat(LINUX.isTransient(state)).isFalse();
        assertThat(WrappedIoErrors.ioErrorInside(plain)).isNull();
        assertThat(LINUX.isTransient(new CompletionException(plain)))
                .as("a wrapper around it: unwrapping stops at the RuntimeException").isFalse();
    }

    @Test
    void wrapperWithNoIoErrorInsideIsPermanent() {
        JsonMappingException bindingError = catchJackson2BindingError();

        assertThat(bindingError).as("Jackson 2's binding error, an IOException itself").isInstanceOf(IOException.class);
        assertThat(LINUX.isTransient(bindingError)).isFalse();
        assertThat(LINUX.isTransient(new ExecutionException(new IllegalStateException("bug")))).isFalse();
        assertThat(LINUX.isTransient(new CompletionException("no cause", null))).isFalse();
    }

    private static JsonMappingException catchJackson2BindingError() {
        com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        return (JsonMappingException) catchThrowable(() -> jackson2.readValue("{\"title\": 1}", Integer.class));
    }

    @Test
    void nestedWrappersAreUnwrappedUpToEightDeep() {
        FileSystemException inside = busy();
        Throwable eightDeep = inside;
        for (int i = 0; i < 8; i++) {
            eightDeep = new CompletionException(eightDeep);
        }
        Throwable nineDeep = new CompletionException(eightDeep);

        assertThat(WrappedIoErrors.ioErrorInside(eightDeep)).isSameAs(inside);
        assertThat(LINUX.isTransient(eightDeep)).isTrue();
        assertThat(WrappedIoErrors.ioErrorInside(nineDeep)).isNull();
        assertThat(LINUX.isTransient(nineDeep)).isFalse();
    }

    /** A wrapper whose cause is set after construction, so that two can hold each other. */
    static final class LateCause extends CompletionException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void cyclicWrapperChainEndsWithoutAnIoError() {
        LateCause first = new LateCause();
        LateCause second = new LateCause();
        first.initCause(second);
        second.initCause(first);

        assertThat(WrappedIoErrors.ioErrorInside(first)).isNull();
        assertThat(LINUX.isTransient(first)).isFalse();
    }

    private static RetrySettings.Builder settings() {
        return RetrySettings.builder().jitter(0.0).classifier(LINUX);
    }

    @Test
    void abortOnMatchesTheIoErrorInsideAWrapper() {
        RetrySettings retryIoButNotMissing = settings().retryOn(List.of(IOException.class))
                .abortOn(List.of(NoSuchFileException.class)).build();
        RetrySettings abortFileSystemErrors = settings().abortOn(List.of(FileSystemException.class)).build();

        assertThat(retryIoButNotMissing.shouldRetry(new UncheckedIOException(new NoSuchFileException("/data/x"))))
                .isFalse();
        assertThat(retryIoButNotMissing.shouldRetry(new UncheckedIOException(new IOException("Resource busy"))))
                .as("retryOn = IOException matches the IO error inside too").isTrue();
        assertThat(abortFileSystemErrors.shouldRetry(thrownByJackson3(busy()))).isFalse();
        assertThat(abortFileSystemErrors.shouldRetry(thrownByJackson3(new IOException("Resource busy")))).isTrue();
    }

    @Test
    void abortOnMatchesTheWrapperItself() {
        RetrySettings settings = settings().abortOn(List.of(UncheckedIOException.class)).build();

        assertThat(settings.shouldRetry(new UncheckedIOException(busy()))).isFalse();
        assertThat(settings.shouldRetry(busy())).isTrue();
    }

    @Test
    void retryOnMatchesTheIoErrorInsideAWrapper() {
        RetrySettings fileSystemErrors = settings().retryOn(List.of(FileSystemException.class)).build();
        RetrySettings missingFiles = settings().retryOn(List.of(NoSuchFileException.class)).build();

        assertThat(fileSystemErrors.shouldRetry(thrownByJackson3(busy()))).isTrue();
        assertThat(fileSystemErrors.shouldRetry(thrownByJackson3(new IOException("Resource busy"))))
                .as("an IO error of a type not listed").isFalse();
        assertThat(missingFiles.shouldRetry(new UncheckedIOException(new NoSuchFileException("/mnt/share/x"))))
                .as("listed, so retried though permanent by default").isTrue();
    }

    @Test
    void retryOnMatchesTheWrapperItself() {
        RetrySettings settings = settings().retryOn(List.of(UncheckedIOException.class)).build();

        assertThat(settings.shouldRetry(new UncheckedIOException(new NoSuchFileException("/mnt/share/x")))).isTrue();
        assertThat(settings.shouldRetry(busy())).as("the bare IO error, not listed").isFalse();
    }

    private FileRetry retry(int maxAttempts) {
        return FileRetry.of("TaskStore.save", settings().maxAttempts(maxAttempts).build(),
                TestTime.of(sleeper, FixedRandom.returning(0.0)));
    }

    @Test
    void jacksonWriteThatMeetsABusyFileIsRetriedThenWritesTheFile() throws IOException {
        Path file = dir.resolve("tasks.json");
        FailingStreams streams = new FailingStreams().thenFail(busy(), busy());

        retry(3).call(file, () -> {
            try (OutputStream out = streams.over(Files.newOutputStream(file))) {
                MAPPER.writeValue(out, TASKS);
            }
            return null;
        });

        assertThat(streams.made()).as("attempts").isEqualTo(3);
        assertThat(sleeper.requested()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(MAPPER.readValue(file.toFile(), String[].class)).containsExactly(TASKS.toArray(String[]::new));
    }

    @Test
    void exhaustionRethrowsTheLastWrapperUnchangedWithTheEarlierOnesSuppressed() {
        List<RuntimeException> thrownByBody = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> retry(3).call(Path.of("/data/tasks.json"), () -> {
            RuntimeException failure = thrownByJackson3(busy());
            thrownByBody.add(failure);
            throw failure;
        }));

        assertThat(thrownByBody).hasSize(3);
        assertThat(thrown).isSameAs(thrownByBody.get(2));
        assertThat(thrown.getSuppressed()).containsExactly(thrownByBody.get(0), thrownByBody.get(1));
    }

    @Test
    void wrappedPermanentErrorFailsAfterOneAttemptUnchanged() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException wrapped = thrownByJackson3(new NoSuchFileException("/data/tasks.json"));

        Throwable thrown = catchThrowable(() -> retry(3).call(Path.of("/data/tasks.json"), () -> {
            attempts.incrementAndGet();
            throw wrapped;
        }));

        assertThat(thrown).isSameAs(wrapped);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
    }
}
