package dev.resilientio.examples;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlakyDemoTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private EngineTime.Installed time;

    @BeforeEach
    void injectTime() {
        time = EngineTime.install(TestTime.of(sleeper, FixedRandom.returning(0.5)));
    }

    @AfterEach
    void restoreTime() {
        time.close();
    }

    @Test
    void busyReadIsRetriedWithBackoffAndMissingFileFailsAfterOneAttempt() throws Exception {
        FlakyDemo.Result result = FlakyDemo.run(dir, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(result.busyAttempts()).isEqualTo(3);
        assertThat(result.tasksRead()).isEqualTo(3);
        assertThat(result.missingAttempts()).isEqualTo(1);
        assertThat(result.missingError()).isEqualTo(NoSuchFileException.class);
        assertThat(result.ok()).isTrue();
        assertThat(sleeper.requested()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(retryLog.warnings()).hasSize(2).allSatisfy(warning -> assertThat(warning)
                .startsWith("FlakyShare.readTasks failed on attempt ").endsWith("IOException: Resource busy"));
    }

    @Test
    void shareThatStaysBusyFailsWithTheLastErrorAfterFiveAttempts() {
        FlakyShare share = new FlakyShare(10);

        assertThatThrownBy(() -> share.readTasks(dir.resolve("tasks.json")))
                .hasMessage("Resource busy")
                .satisfies(failure -> assertThat(failure.getSuppressed()).hasSize(4));
        assertThat(share.attempts()).isEqualTo(5);
        assertThat(sleeper.requested()).hasSize(4);
        assertThat(retryLog.warnings()).last().asString().contains("attempt 5/5", "giving up");
    }
}
