package dev.resilientio.core;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.TmpfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A write that fills a real (tmpfs) disk fails once with an error that says so and names the file,
 * is not retried, and leaves the previous content and no temp behind.
 */
class DiskFullTest {

    private static final String SMALL = "{\"version\":1}";
    private static final String TWO_MIB = "x".repeat(2 * 1024 * 1024);

    @RegisterExtension
    final TmpfsMount disk = TmpfsMount.perTest("1m");

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @Test
    void writeTextFailsOnceOnAFullDiskAndKeepsThePreviousContent() throws IOException {
        Path target = disk.path().resolve("state.json");
        ResilientFiles.writeText(target, SMALL);

        IOException failure = catchThrowableOfType(IOException.class, () -> ResilientFiles.writeText(target, TWO_MIB));

        assertThat(failure).as("writing 2 MiB to a 1 MiB disk").isNotNull();
        assertThat(failure.getMessage())
                .containsIgnoringCase("no space left")
                .contains(".state.json.");
        assertThat(failure.getMessage()).contains(target.toString());
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.warnings()).noneMatch(message -> message.contains("retrying"));
        assertThat(Files.readString(target)).isEqualTo(SMALL);
        assertThat(Temps.in(disk.path())).isEmpty();
    }

    @Test
    void fileRetryRunsTheFullDiskWriteOnceAndNeverSleeps() throws IOException {
        Path target = disk.path().resolve("data.bin");
        ResilientFiles.writeText(target, SMALL);
        List<Duration> sleeps = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        FileRetry retry = FileRetry.of("DiskFullTest.write", RetrySettings.builder().maxAttempts(5).build(), TestTime.of(sleeps::add, RandomGenerator.of("L64X128MixRandom")));

        IOException failure = catchThrowableOfType(IOException.class, () -> retry.call(target, () -> {
            attempts.incrementAndGet();
            AtomicFileWriter.writeBytes(target, AtomicDefaults.FSYNC, TWO_MIB.getBytes(StandardCharsets.UTF_8));
            return null;
        }));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).containsIgnoringCase("no space left");
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
        assertThat(Files.readString(target)).isEqualTo(SMALL);
        assertThat(Temps.in(disk.path())).isEmpty();
    }
}
