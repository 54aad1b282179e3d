package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.KeptFailedFiles;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @AtomicWrite(keepFailed = true)}: when the commit fails after the body wrote its whole
 * content, that content is kept as {@code <name>.failed} beside the target, described by
 * {@code <name>.failed.json}, and the exception names it.
 */
class KeepFailedTest {

    @TempDir
    Path temp;

    @Test
    void aCommitThatFailsAfterTheBodyWroteKeepsTheContentBesideTheTarget() throws IOException {
        Path dir = temp.toRealPath();
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");

        Throwable failure = catchThrowable(() -> new KeptFailedFiles().writeThenBlockCommit(target, target.toString(),
                "new content"));

        Path kept = dir.resolve("tasks.json.failed");
        assertThat(failure).as("under %s", WeavingMode.name()).isInstanceOf(FileSystemException.class)
                .hasMessageContaining(kept.toString());
        assertThat(RecoveryFileNotice.in(failure)).hasValueSatisfying(notice -> assertThat(notice.file()).isEqualTo(kept));
        assertThat(kept).hasContent("new content");
        assertThat(Files.readString(dir.resolve("tasks.json.failed.json")))
                .contains("\"errno\": \"EISDIR\"")
                .contains("\"attempts\": 1")
                .contains("\"operation\": \"KeptFailedFiles.writeThenBlockCommit\"")
                .contains("\"target\": \"" + target + "\"");
        assertThat(target).hasContent("old");
        assertThat(Temps.in(dir)).isEmpty();
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactlyInAnyOrder(
                    "tasks.json", "tasks.json.lock", "tasks.json.backup", "tasks.json.failed", "tasks.json.failed.json");
        }
    }
}
