package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.annotations.TargetFile;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.Listing;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write with keep-failed nested in an enclosing retrying method runs once per enclosing attempt:
 * its content is kept only when the enclosing call finally fails, once, and nothing is left behind
 * when a later enclosing attempt succeeds.
 */
class NestedKeepFailedTest {

    @TempDir
    Path temp;

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = temp.toRealPath();
    }

    static class Store {
        int attempts;
        /** The enclosing attempts (from 1) whose nested commit is made to fail. */
        int blockedUntilAttempt;

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", jitter = 0, retryOn = FileSystemException.class)
        void saveAll(Path file, String content) throws Throwable {
            attempts++;
            Path backup = Path.of(file + ".backup");
            if (Files.isDirectory(backup)) {
                Files.delete(backup.resolve("inside"));
                Files.delete(backup);
            }
            if (attempts <= blockedUntilAttempt) {
                KeepFailedMethodTest.block(file);
            }
            Woven.call(this, "save", file, file.toString(), content + " " + attempts);
        }

        /** Its nested commit fails, and it reports that as a share that went away, which opens its breaker at once. */
        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", jitter = 0)
        @FileCircuitBreaker(name = "nested-keep-failed-share", failureThreshold = 1)
        void saveAllBehindBreaker(Path file, String content) throws Throwable {
            attempts++;
            if (!Files.isDirectory(Path.of(file + ".backup"))) {
                KeepFailedMethodTest.block(file);
            }
            try {
                Woven.call(this, "save", file, file.toString(), content + " " + attempts);
            } catch (FileSystemException commitFailed) {
                // Transient, so the breaker counts it: without the breaker the retry would try again.
                throw new IOException("Resource temporarily unavailable");
            }
        }

        @AtomicWrite(keepFailed = true, backups = 1)
        void save(@TargetFile Path file, String target, String content) throws IOException {
            Files.writeString(file, content);
        }
    }

    @Test
    void anEnclosingRetryThatSucceedsLeavesNoRecoveryFile() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();
        store.blockedUntilAttempt = 2;

        Woven.call(store, "saveAll", target, "new");

        assertThat(store.attempts).isEqualTo(3);
        assertThat(Files.readString(target)).isEqualTo("new 3");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock", "tasks.json.backup");
    }

    @Test
    void anEnclosingCallThatFinallyFailsKeepsTheLastContentOnce() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();
        store.blockedUntilAttempt = 3;

        Throwable failure = catchThrowable(() -> Woven.call(store, "saveAll", target, "new"));

        assertThat(store.attempts).isEqualTo(3);
        Path kept = dir.resolve("tasks.json.failed");
        assertThat(RecoveryFileNotice.in(failure)).hasValueSatisfying(notice -> assertThat(notice.file()).isEqualTo(kept));
        assertThat(failure).hasMessageContaining(kept.toString());
        assertThat(Files.readString(kept)).isEqualTo("new 3");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock", "tasks.json.backup",
                "tasks.json.failed", "tasks.json.failed.json");
        assertThat(Files.readString(target)).isEqualTo("old");
    }

    @Test
    void anEnclosingRetryEndedByItsOpenBreakerKeepsTheContent() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();

        Throwable failure = catchThrowable(() -> Woven.call(store, "saveAllBehindBreaker", target, "new"));

        assertThat(store.attempts).as("the breaker opened on the first failure, so the retry ended there").isEqualTo(1);
        assertThat(BreakerRegistry.shared().find("nested-keep-failed-share").isOpen()).isTrue();
        Path kept = dir.resolve("tasks.json.failed");
        assertThat(RecoveryFileNotice.in(failure)).hasValueSatisfying(notice -> assertThat(notice.file()).isEqualTo(kept));
        assertThat(Files.readString(kept)).isEqualTo("new 1");
        assertThat(Files.readString(target)).isEqualTo("old");
    }

}
