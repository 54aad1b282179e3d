package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a caller reads of a lost lock: the recovery file, once the engine kept the content. */
class FileLockLostExceptionTest {

    private static final Path TARGET = Path.of("/srv/share/tasks.json");

    @Test
    void theMessageNamesTheRecoveryFileOnceTheContentWasKept() {
        FileLockLostException lost = new FileLockLostException(TARGET, 42, "its lock node is gone", null);
        String before = lost.getMessage();

        lost.addSuppressed(new RecoveryFileNotice(Path.of("/srv/share/tasks.json.failed"),
                Path.of("/srv/share/tasks.json.failed.json")));

        assertThat(before).contains(TARGET.toString()).contains("its lock node is gone").doesNotContain(".failed");
        assertThat(lost.getMessage()).startsWith(before)
                .endsWith(" The content that could not be written was kept in /srv/share/tasks.json.failed, described"
                        + " in /srv/share/tasks.json.failed.json; check it, then write it again or delete it.");
        assertThat(lost.token()).isEqualTo(42);
    }

    @Test
    void anotherSuppressedFailureLeavesTheMessageAlone() {
        FileLockLostException lost = new FileLockLostException(TARGET, -1, "its lock node is gone", null);
        String before = lost.getMessage();

        lost.addSuppressed(new IllegalStateException("an earlier attempt"));

        assertThat(lost.getMessage()).isEqualTo(before);
    }
}
