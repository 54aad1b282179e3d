package dev.resilientio.core;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.ImmutableFlag;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A directory where a file was expected, a path through a regular file and an immutable file are
 * refused for good by the kernel: one attempt, and advice that fits each. The failures are the ones
 * the JDK really throws for real files, not hand-made exceptions.
 */
class RefusedOperationTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger attempts = new AtomicInteger();

    private FileRetry retry() {
        return FileRetry.of("Store.save", RetrySettings.builder().maxAttempts(3).build(), TestTime.of(sleeper, FixedRandom.returning(0.0)));
    }

    private Throwable failureOf(Path target, IoSupplier<Object> body) {
        return catchThrowable(() -> retry().call(target, () -> {
            attempts.incrementAndGet();
            return body.get();
        }));
    }

    private static Object write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write('x');
        }
        return null;
    }

    @Test
    void openingADirectoryForWritingFailsAfterOneAttempt() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("tasks.json"));

        Throwable failure = failureOf(directory, () -> write(directory));

        assertThat(failure).isExactlyInstanceOf(FileSystemException.class);
        assertThat(((FileSystemException) failure).getReason()).isEqualTo("Is a directory");
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.requested()).isEmpty();
        assertThat(retryLog.warnings()).noneMatch(line -> line.contains("retrying"));
    }

    @Test
    void aPathThroughARegularFileFailsAfterOneAttempt() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "a file, not a directory");
        Path child = file.resolve("tasks.json");

        Throwable write = failureOf(child, () -> write(child));
        Throwable list = failureOf(file, () -> {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(file)) {
                return entries.iterator().hasNext();
            }
        });

        assertThat(write).isExactlyInstanceOf(FileSystemException.class);
        assertThat(((FileSystemException) write).getReason()).isEqualTo("Not a directory");
        assertThat(list).isInstanceOf(NotDirectoryException.class);
        assertThat(attempts).hasValue(2);
        assertThat(sleeper.requested()).isEmpty();
    }

    @Test
    void anImmutableFileFailsAfterOneAttempt() throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.json"), "{}");
        ImmutableFlag.assumeSet(file);
        try {
            Throwable failure = failureOf(file, () -> write(file));

            assertThat(failure).isExactlyInstanceOf(FileSystemException.class);
            assertThat(((FileSystemException) failure).getReason()).isEqualTo("Operation not permitted");
            assertThat(attempts).hasValue(1);
            assertThat(sleeper.requested()).isEmpty();
        } finally {
            ImmutableFlag.clear(file);
        }
    }

    @Test
    void atomicWriteOverAnImmutableFileFailsOnceAndSaysHowToClearTheFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.json"), "{}");
        ImmutableFlag.assumeSet(file);
        try {
            Throwable failure = catchThrowable(() -> ResilientFiles.writeText(file, "[]"));

            assertThat(failure).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Operation not permitted")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("immutable or append-only")
                    .hasMessageContaining("chattr -i")
                    .hasMessageNotContaining("try again once the cause is fixed");
            assertThat(failure.getSuppressed()).as("earlier attempts").isEmpty();
            assertThat(retryLog.warnings()).noneMatch(line -> line.contains("retrying"));
            assertThat(Files.readString(file)).isEqualTo("{}");
        } finally {
            ImmutableFlag.clear(file);
        }
    }

    @Test
    void atomicWriteThroughARegularFileNamesThatFile() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "a file, not a directory");
        Path target = file.resolve("tasks.json");

        Throwable failure = catchThrowable(() -> ResilientFiles.writeText(target, "[]"));

        assertThat(failure).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Not a directory")
                .hasMessageContaining(file + " is a file, not a directory")
                .hasMessageContaining("fix the path");
        assertThat(failure.getSuppressed()).as("earlier attempts").isEmpty();
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).isFalse();
    }

    @Test
    void describedDirectoryFailureSaysItIsADirectory() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("tasks.json"));
        IOException original = (IOException) catchThrowable(() -> write(directory));

        IOException described = IoErrors.describe(original, directory, "writing", directory, true);

        assertThat(described).isExactlyInstanceOf(FileSystemException.class)
                .hasMessageContaining(directory + " is a directory, not a file")
                .hasMessageContaining("give the path of a file");
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(described)).isFalse();
    }

    @Test
    void aFileNamedLikeAReasonStaysTransient() {
        FileSystemException busy = new FileSystemException(dir.resolve("not a directory").toString(), null,
                "Device or resource busy");

        assertThat(TransientIoClassifier.forCurrentOs().isTransient(busy)).isTrue();
    }
}
