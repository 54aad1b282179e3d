package dev.resilientio.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.RetriesExhausted;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the kit is meant to be used, on an annotated class of the test's own (woven by ajc in this
 * module's build, as a user's build weaves theirs): "retries EBUSY twice, then succeeds; gives up
 * after 3; never retries ENOENT", with the default settings (3 attempts, 100 ms doubling), the waits
 * asserted, and all of it in well under a second of real time.
 */
@ResilientIoTest
class RetryOfOwnClassTest {

    /** A user's reader: one annotation, default settings. */
    static class SettingsReader {
        final AtomicInteger bodyRuns = new AtomicInteger();

        @RetryFileOperation
        String read(Path file) throws IOException {
            bodyRuns.incrementAndGet();
            return Files.readString(file);
        }
    }

    private static long realNanos;

    private final SettingsReader reader = new SettingsReader();

    @BeforeAll
    static void woven() {
        ResilientIoAssertions.assertWoven(SettingsReader.class);
    }

    @Test
    void retriesBusyTwiceThenSucceeds(@TempDir Path dir, FileFaults faults, VirtualTime time, RecordedEvents events)
            throws IOException {
        Path file = Files.writeString(dir.resolve("settings.json"), "{}");
        faults.failNextAttempts(file, 2, FileFaults.busy());

        String read = timed(() -> reader.read(file));

        assertThat(read).isEqualTo("{}");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(faults.injected()).hasSize(2).allSatisfy(injected -> assertThat(injected.target()).isEqualTo(file));
        assertThat(reader.bodyRuns).as("the faults came before the body: it ran on the third attempt only").hasValue(1);
        assertThat(events.ofType(CallCompleted.class)).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS_AFTER_RETRY);
            assertThat(call.attempts()).isEqualTo(3);
            assertThat(call.duration()).as("on virtual time: the two backoffs").isEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void givesUpAfterThreeAttemptsWithTheLastFailureAndTheEarlierOnesSuppressed(@TempDir Path dir, FileFaults faults,
            VirtualTime time, RecordedEvents events) throws IOException {
        Path file = Files.writeString(dir.resolve("settings.json"), "{}");
        faults.failNextAttempts(file, 3, FileFaults.busy());

        Throwable thrown = timed(() -> catchThrowable(() -> reader.read(file)));

        assertThat(thrown).isInstanceOf(FileSystemException.class).isSameAs(faults.injected().get(2).fault())
                .hasMessageContaining("Device or resource busy");
        assertThat(thrown.getSuppressed()).containsExactly(faults.injected().get(0).fault(), faults.injected().get(1).fault());
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(reader.bodyRuns).hasValue(0);
        assertThat(events.ofType(RetriesExhausted.class)).singleElement()
                .satisfies(exhausted -> assertThat(exhausted.attempts()).isEqualTo(3));
    }

    @Test
    void neverRetriesAMissingFile(@TempDir Path dir, VirtualTime time, RecordedEvents events) throws IOException {
        Path missing = dir.resolve("settings.json");

        Throwable thrown = timed(() -> catchThrowable(() -> reader.read(missing)));

        assertThat(thrown).isInstanceOf(NoSuchFileException.class);
        assertThat(time.sleeps()).isEmpty();
        assertThat(reader.bodyRuns).hasValue(1);
        assertThat(events.ofType(CallCompleted.class)).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(CallCompleted.Outcome.FAILED);
            assertThat(call.attempts()).isEqualTo(1);
        });
    }

    @Test
    void neverRetriesAnInjectedMissingFileEither(@TempDir Path dir, FileFaults faults, VirtualTime time)
            throws IOException {
        Path file = Files.writeString(dir.resolve("settings.json"), "{}");
        faults.failNextAttempts(file, 1, FileFaults.noSuchFile());

        Throwable thrown = timed(() -> catchThrowable(() -> reader.read(file)));

        assertThat(thrown).isInstanceOf(NoSuchFileException.class).hasMessageContaining("injected by FileFaults");
        assertThat(time.sleeps()).isEmpty();
        assertThat(reader.bodyRuns).hasValue(0);
    }

    @AfterAll
    static void inWellUnderASecond() {
        // The budget. The waits are proved virtual above: on the real time they would be jittered (0.5 by
        // default), never exactly 100 ms and 200 ms, and the call's duration would not be exactly their sum.
        assertThat(Duration.ofNanos(realNanos)).as("the real time of the calls of all four tests").isLessThan(Duration.ofSeconds(1));
    }

    private static <T> T timed(IoCall<T> call) throws IOException {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            realNanos += System.nanoTime() - start;
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }
}
