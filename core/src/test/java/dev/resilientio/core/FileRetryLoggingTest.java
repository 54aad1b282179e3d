package dev.resilientio.core;

import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.retry.TransientIoClassifier;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FileRetryLoggingTest {

    private static final Path TARGET = Path.of("/data/tasks.json");
    private static final RetrySettings THREE_ATTEMPTS = RetrySettings.builder().maxAttempts(3).jitter(0.0)
            .classifier(TransientIoClassifier.forOs(false)).build();

    @RegisterExtension
    final LogCapture log = LogCapture.of(FileRetry.class);

    private final FileRetry retry = FileRetry.of("TaskStore.save", THREE_ATTEMPTS, TestTime.of(new RecordingSleeper(), FixedRandom.returning(0.0)));
    private final AtomicInteger attempts = new AtomicInteger();

    private IoSupplier<String> failingTimes(int failures) {
        return () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                throw new IOException("Resource temporarily unavailable #" + attempt);
            }
            return "saved";
        };
    }

    @Test
    void eachRetryLogsOneWarningWithOperationAttemptDelayTargetAndCause() throws IOException {
        retry.call(TARGET, failingTimes(2));

        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warnings().get(0)).contains("TaskStore.save", "attempt 1/3", "100ms", TARGET.toString(),
                "java.io.IOException: Resource temporarily unavailable #1");
        assertThat(log.warnings().get(1)).contains("TaskStore.save", "attempt 2/3", "200ms", TARGET.toString(),
                "Resource temporarily unavailable #2");
    }

    @Test
    void exhaustionLogsOneMoreWarning() {
        catchThrowable(() -> retry.call(TARGET, failingTimes(Integer.MAX_VALUE)));

        assertThat(log.warnings()).hasSize(3);
        assertThat(log.warnings()).filteredOn(w -> w.contains("giving up")).singleElement().asString()
                .contains("TaskStore.save", "attempt 3/3", TARGET.toString(), "Resource temporarily unavailable #3");
    }

    @Test
    void firstAttemptSuccessLogsNothing() throws IOException {
        retry.call(TARGET, failingTimes(0));

        assertThat(log.events()).isEmpty();
    }

    @Test
    void permanentFailureIsLeftToTheCallerToLog() {
        catchThrowable(() -> retry.call(TARGET, () -> {
            throw new NoSuchFileException(TARGET.toString());
        }));

        assertThat(log.events()).isEmpty();
    }
}
