package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that succeed never start the logging backend (it costs an application about 0.2 s of
 * start-up); the first retry does, and its WARN line still appears. Real child JVMs, since this
 * JVM's logging started long ago.
 */
class QuietSuccessTest {

    @TempDir
    Path dir;

    @Test
    void retryLockAndAtomicWriteThatSucceedLoadNoLoggingClass() throws Exception {
        Child child = run("succeed");

        assertThat(child.output()).contains("done");
        assertThat(child.loaded()).as("the engine ran").contains("dev.resilientio.core.retry.FileRetry ",
                "dev.resilientio.core.atomic.AtomicWriteSession ", "dev.resilientio.core.lock.LockRegistry ");
        assertThat(child.loaded()).as("classes the child loaded").doesNotContain("org.slf4j.LoggerFactory ");
    }

    @Test
    void firstRetryStartsLoggingAndLogsItsWarning() throws Exception {
        Child child = run("retry");

        assertThat(child.output()).contains("done");
        assertThat(child.loaded()).contains("org.slf4j.LoggerFactory ");
        assertThat(child.output()).contains("quiet.read failed on attempt 1/3");
    }

    private Child run(String mode) throws IOException, InterruptedException {
        Path classLog = dir.resolve(mode + "-classes.log");
        Path output = dir.resolve(mode + "-output.log");
        List<String> command = new ArrayList<>(ChildJvm.command(SucceedingCallsMain.class, dir.toString(), mode));
        command.add(1, "-Xlog:class+load=info:file=" + classLog);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child ended").isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        return new Child(printed, Files.readString(classLog, StandardCharsets.UTF_8));
    }

    /** What a child printed (stdout and stderr) and the class-load log it wrote. */
    private record Child(String output, String loaded) {
    }

    /** Runs a retrying call, a lock and an atomic write that all succeed; with "retry", the call fails once first. */
    public static final class SucceedingCallsMain {

        public static void main(String[] args) throws IOException {
            Path dir = Path.of(args[0]);
            boolean failOnce = args[1].equals("retry");
            Path file = dir.resolve("data.txt");
            RetrySettings settings = RetrySettings.builder().maxAttempts(3).initialDelay(Duration.ofMillis(1))
                    .maxDelay(Duration.ofMillis(1)).build();
            AtomicInteger attempts = new AtomicInteger();
            FileLocks.withLock(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5), () -> {
                AtomicFileWriter.writeBytes(file, AtomicDefaults.FSYNC.withBackups(1), "one".getBytes(StandardCharsets.UTF_8));
                return null;
            });
            String content = FileRetry.of("quiet.read", settings).call(file, () -> {
                if (failOnce && attempts.incrementAndGet() == 1) {
                    throw new IOException("Resource temporarily unavailable");
                }
                return Files.readString(file);
            });
            System.out.println(content.equals("one") ? "done" : "wrong content: " + content);
        }
    }
}
