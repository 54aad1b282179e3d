package dev.resilientio.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.annotations.TargetFile;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.testsupport.ImmutableFlag;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.Listing;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @AtomicWrite(keepFailed = true)} on annotated methods, driven through the engine woven code
 * calls: a commit that fails after the body wrote its content keeps that content as
 * {@code <name>.failed} beside the target, the temp itself renamed, not copied; a retried failure that
 * then succeeds, or a body that throws, keeps nothing.
 */
class KeepFailedMethodTest {

    @TempDir
    Path temp;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = temp.toRealPath();
    }

    static class Store {
        final List<Long> tempInodes = new ArrayList<>();
        final List<Path> temps = new ArrayList<>();
        int calls;
        /** Before the commit of these attempts (from 1), a non-empty directory takes the backup's name. */
        int blockedUntilAttempt;

        @AtomicWrite(keepFailed = true)
        void save(Path file, String content) throws IOException {
            Files.writeString(file, content);
            tempInodes.add((Long) Files.getAttribute(file, "unix:ino"));
        }

        @AtomicWrite
        void saveConfigured(@TargetFile Path file, String target, String content) throws IOException {
            Files.writeString(file, content);
            block(Path.of(target));
        }

        @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", jitter = 0, retryOn = FileSystemException.class)
        @AtomicWrite(keepFailed = true, backups = 1)
        void saveBlocked(@TargetFile Path file, String target, String content) throws IOException {
            calls++;
            temps.add(file);
            Path backup = Path.of(target + ".backup");
            if (Files.isDirectory(backup)) {
                Files.delete(backup.resolve("inside"));
                Files.delete(backup);
            }
            Files.writeString(file, content + " " + calls);
            if (calls <= blockedUntilAttempt) {
                block(Path.of(target));
            }
        }

        @AtomicWrite(keepFailed = true)
        void saveThenThrow(Path file, String content) throws IOException {
            Files.writeString(file, content);
            throw new IOException("the body failed after writing");
        }
    }

    @Test
    void aRenameRefusedByAnImmutableTargetKeepsTheTempItselfBesideTheTarget() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();
        ImmutableFlag.assumeSet(target);
        Throwable failure;
        try {
            failure = catchThrowable(() -> Woven.call(store, "save", target, "new content"));
        } finally {
            ImmutableFlag.clear(target);
        }

        Path kept = dir.resolve("tasks.json.failed");
        assertThat(failure).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Operation not permitted")
                .hasMessageContaining(kept.toString());
        assertThat(RecoveryFileNotice.in(failure)).hasValueSatisfying(notice -> assertThat(notice.file()).isEqualTo(kept));
        assertThat(Files.readString(kept)).isEqualTo("new content");
        assertThat(Files.getAttribute(kept, "unix:ino")).as("the temp renamed, not copied").isEqualTo(store.tempInodes.get(0));
        assertThat(Files.readString(dir.resolve("tasks.json.failed.json")))
                .contains("\"errno\": \"EPERM\"").contains("\"attempts\": 1")
                .contains("\"operation\": \"Store.save\"").contains("\"target\": \"" + target + "\"");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock", "tasks.json.failed",
                "tasks.json.failed.json");
    }

    @Test
    void aFailureThatARetrySucceedsAfterLeavesNothing() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();
        store.blockedUntilAttempt = 1;

        Woven.call(store, "saveBlocked", target, target.toString(), "new");

        assertThat(store.calls).isEqualTo(2);
        assertThat(Files.readString(target)).isEqualTo("new 2");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(Files.readString(dir.resolve("tasks.json.backup"))).isEqualTo("old");
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock", "tasks.json.backup");
    }

    @Test
    void whenEveryAttemptFailsTheLastAttemptsContentIsKept() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Store store = new Store();
        store.blockedUntilAttempt = 2;

        Throwable failure = catchThrowable(() -> Woven.call(store, "saveBlocked", target, target.toString(), "new"));

        assertThat(store.calls).isEqualTo(2);
        Path kept = dir.resolve("tasks.json.failed");
        assertThat(failure).hasMessageContaining(kept.toString());
        assertThat(failure.getSuppressed()).as("the first attempt's failure, and the notice").hasSize(2);
        assertThat(Files.readString(kept)).isEqualTo("new 2");
        assertThat(Files.readString(dir.resolve("tasks.json.failed.json")))
                .contains("\"errno\": \"EISDIR\"").contains("\"attempts\": 2");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(store.temps).noneMatch(Files::exists);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock", "tasks.json.failed",
                "tasks.json.failed.json", "tasks.json.backup");
    }

    @Test
    void aBodyThatThrowsKeepsNothing() throws Throwable {
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");

        Throwable failure = catchThrowable(() -> Woven.call(new Store(), "saveThenThrow", target, "new"));

        assertThat(failure).hasMessage("the body failed after writing");
        assertThat(RecoveryFileNotice.in(failure)).isEmpty();
        assertThat(Listing.names(dir)).containsExactlyInAnyOrder("tasks.json", "tasks.json.lock");
    }

    @Test
    void theSettingTurnsItOnForAMethodThatDoesNotAsk() throws Throwable {
        config.set("resilientio.atomic.keep-failed", "true");
        config.set("resilientio.atomic.backups", "1");
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");

        Throwable failure = catchThrowable(() -> Woven.call(new Store(), "saveConfigured", target, target.toString(), "configured"));

        assertThat(failure).hasMessageContaining(dir.resolve("tasks.json.failed").toString());
        assertThat(Files.readString(dir.resolve("tasks.json.failed"))).isEqualTo("configured");
        assertThat(Files.readString(target)).isEqualTo("old");
    }

    /** Renaming the target's backup over a non-empty directory fails (EISDIR): a deterministic commit failure. */
    static void block(Path target) throws IOException {
        Path backup = Files.createDirectory(Path.of(target + ".backup"));
        Files.writeString(backup.resolve("inside"), "x");
    }

}
