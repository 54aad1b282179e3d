package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A write that fills a real (tmpfs) disk fails once with an error that says so and names the file,
 * is not retried, and leaves the previous content and no temp behind.
 */
class DiskFullTest {

    private static final String SMALL = "{\"version\":1}";
    private static final String TWO_MIB = "x".repeat(2 * 1024 * 1024);

    @TempDir
    Path temp;

    private Path mountPoint;
    private boolean mounted;
    private final ListAppender<ILoggingEvent> retryLog = new ListAppender<>();
    private Logger retryLogger;

    @BeforeEach
    void mountTinyDisk() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
        mountPoint = Files.createDirectory(temp.resolve("tiny")).toRealPath();
        Path log = temp.resolve("mount.log");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = mount.waitFor(30, TimeUnit.SECONDS);
        mounted = finished && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, () -> "cannot mount a 1 MiB tmpfs on " + mountPoint + ": " + readQuietly(log));

        retryLogger = (Logger) LoggerFactory.getLogger(FileRetry.class);
        retryLog.start();
        retryLogger.addAppender(retryLog);
    }

    @AfterEach
    void unmount() throws Exception {
        if (retryLogger != null) {
            retryLogger.detachAppender(retryLog);
        }
        if (mounted) {
            Process umount = new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start();
            assertThat(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0)
                    .as("umount %s", mountPoint).isTrue();
        }
    }

    @Test
    void writeTextFailsOnceOnAFullDiskAndKeepsThePreviousContent() throws IOException {
        Path target = mountPoint.resolve("state.json");
        ResilientFiles.writeText(target, SMALL);

        IOException failure = catchThrowableOfType(IOException.class, () -> ResilientFiles.writeText(target, TWO_MIB));

        assertThat(failure).as("writing 2 MiB to a 1 MiB disk").isNotNull();
        assertThat(failure.getMessage())
                .containsIgnoringCase("no space left")
                .contains(".state.json.");
        assertThat(failure.getMessage()).contains(target.toString());
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(failure)).isFalse();
        assertThat(failure.getSuppressed()).as("earlier attempts attached by a retry").isEmpty();
        assertThat(retryLog.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("retrying"));
        assertThat(Files.readString(target)).isEqualTo(SMALL);
        assertThat(tempsIn(mountPoint)).isEmpty();
    }

    @Test
    void fileRetryRunsTheFullDiskWriteOnceAndNeverSleeps() throws IOException {
        Path target = mountPoint.resolve("data.bin");
        ResilientFiles.writeText(target, SMALL);
        List<Duration> sleeps = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        FileRetry retry = FileRetry.of("DiskFullTest.write", RetrySettings.builder().maxAttempts(5).build(),
                sleeps::add, RandomGenerator.of("L64X128MixRandom"));

        IOException failure = catchThrowableOfType(IOException.class, () -> retry.call(target, () -> {
            attempts.incrementAndGet();
            AtomicFileWriter.writeBytes(target, AtomicSettings.DEFAULTS, TWO_MIB.getBytes(StandardCharsets.UTF_8));
            return null;
        }));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).containsIgnoringCase("no space left");
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
        assertThat(Files.readString(target)).isEqualTo(SMALL);
        assertThat(tempsIn(mountPoint)).isEmpty();
    }

    private static List<Path> tempsIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> entry.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
