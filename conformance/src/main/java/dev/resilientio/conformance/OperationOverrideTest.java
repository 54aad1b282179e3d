package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.CounterFile;
import dev.resilientio.conformance.fixtures.TunableFiles;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators retune one operation without a rebuild: the per-operation system property or
 * environment variable beats the annotation, which beats the global setting.
 */
class OperationOverrideTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final TunableFiles files = new TunableFiles();

    @Test
    void perOperationPropertyOverridesTheAnnotationFromTheNextCall() {
        Path file = dir.resolve("data.txt");
        files.failures.thenFailTimes(100);
        catchThrowable(() -> files.save(file));
        assertThat(files.failures.attempts()).as("attempts before the override").isEqualTo(2);

        config.set("resilientio.TunableFiles.save.retry.max-attempts", "4");
        config.set("resilientio.TunableFiles.save.retry.initial-delay", "250ms");
        config.set("resilientio.TunableFiles.save.retry.max-delay", "1s");
        Throwable thrown = catchThrowable(() -> files.save(file));

        assertThat(thrown).isInstanceOf(IOException.class);
        assertThat(files.failures.attempts() - 2).as("attempts after the override under %s", WeavingMode.name())
                .isEqualTo(4);
        assertThat(time.delays()).as("delays of both calls").containsExactly(Duration.ofMillis(1),
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void declaredOperationNameKeysItsProperties() {
        Path file = dir.resolve("data.txt");
        files.failures.thenFailTimes(100);
        config.set("resilientio." + TunableFiles.LOAD_OPERATION + ".retry.max-attempts", "5");
        config.set("resilientio.TunableFiles.load.retry.max-attempts", "9");

        catchThrowable(() -> files.load(file));

        assertThat(files.failures.attempts()).as("attempts under %s", WeavingMode.name()).isEqualTo(5);
    }

    @Test
    void globalPropertyDecidesOnlyWhereTheAnnotationIsSilent() {
        Path file = dir.resolve("data.txt");
        files.failures.thenFailTimes(100);
        config.set("resilientio.retry.max-attempts", "6");

        catchThrowable(() -> files.save(file));
        int saveAttempts = files.failures.attempts();
        catchThrowable(() -> files.scan(file));

        assertThat(saveAttempts).as("save, which sets maxAttempts = 2").isEqualTo(2);
        assertThat(files.failures.attempts() - saveAttempts).as("scan, which sets nothing").isEqualTo(6);
    }

    @Test
    void perOperationLockTimeoutOverridesTheAnnotation() throws Exception {
        Path file = dir.resolve("data.txt");
        config.set("resilientio.TunableFiles.lockedSave.lock.timeout", "50ms");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> holder = pool.submit(() -> {
                new CounterFile().holdUntil(file, held, release);
                return null;
            });
            assertThat(held.await(10, TimeUnit.SECONDS)).as("the holder got the lock").isTrue();

            Throwable thrown = catchThrowable(() -> files.lockedSave(file));

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(thrown).as("under %s", WeavingMode.name()).isInstanceOf(FileLockTimeoutException.class);
            assertThat(((FileLockTimeoutException) thrown).waited()).as("waited: 50ms, not the annotation's 10s")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(files.failures.attempts()).as("body runs").isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void environmentVariablesRetuneOperationsInAFreshJvm() throws Exception {
        Path log = dir.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(TunedAttemptsMain.class,
                dir.resolve("data.txt").toString()))
                .redirectError(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("RESILIENT_IO_"));
        environment.put("RESILIENT_IO_TUNABLEFILES_SAVE_RETRY_MAX_ATTEMPTS", "5");
        environment.put("RESILIENT_IO_TUNABLE_LOAD_RETRY_MAX_ATTEMPTS", "4");
        environment.put("RESILIENT_IO_RETRY_MAX_ATTEMPTS", "7");

        Process child = builder.start();
        String output;
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            child.destroyForcibly();
        }

        assertThat(child.exitValue()).as("exit code; child log:%n%s", Files.readString(log)).isZero();
        assertThat(output.lines()).as("attempts in a child under %s", WeavingMode.name())
                .containsExactly("save 5", "load 4", "scan 7");
    }
}
