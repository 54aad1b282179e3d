package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.FileLockLostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of the last fencing token committed to a target, {@code <name>.fence}: the half of the
 * fencing check that needs no lock service, since it holds even when a grant's own check is stale.
 */
class FencingTest {

    @TempDir
    Path dir;

    private Path target;
    private Path fence;

    @BeforeEach
    void target() throws Exception {
        target = Files.writeString(dir.resolve("tasks.json"), "[]").toRealPath();
        fence = Fencing.fenceFileOf(target);
    }

    @Test
    void aNewerTokenIsRecordedAndTheSameOneAgainChangesNothing() throws Exception {
        Fencing.record(target, fence, 1_000, true);
        Fencing.record(target, fence, 1_000, false);
        assertThat(Files.readString(fence)).isEqualTo("1000\n");

        Fencing.record(target, fence, 25_000, false);

        assertThat(Files.readString(fence)).isEqualTo("25000\n");
        assertThat(fence.getFileName().toString()).isEqualTo("tasks.json.fence");
    }

    @Test
    void anOlderTokenThanTheRecordedOneIsRefusedAndLeavesTheRecord() throws Exception {
        Fencing.record(target, fence, 25_000, false);

        FileLockLostException lost = catchThrowableOfType(FileLockLostException.class,
                () -> Fencing.record(target, fence, 1_000, false));

        assertThat(lost).isNotNull();
        assertThat(lost.token()).isEqualTo(1_000);
        assertThat(lost.target()).isEqualTo(target);
        assertThat(lost.getMessage()).contains(target.toString()).contains("fencing token 25000, this write's 1000")
                .contains(fence.toString());
        assertThat(Files.readString(fence)).isEqualTo("25000\n");
    }

    @Test
    void aRecordThatHoldsNoTokenRefusesTheCommitAndSaysWhatToDo() throws Exception {
        Files.writeString(fence, "not a token");

        FileLockLostException lost = catchThrowableOfType(FileLockLostException.class,
                () -> Fencing.record(target, fence, 1_000, false));

        assertThat(lost).isNotNull();
        assertThat(lost.getMessage()).contains("holds 'not a token'").contains("delete " + fence);
        assertThat(Files.readString(fence)).isEqualTo("not a token");
    }

    @Test
    void withoutAnExclusiveGrantAcrossHostsTheCheckBeforeTheRenameDoesNothing() throws Exception {
        Fencing.Fence none = Fencing.beforeCommit(target, true, "Tasks.save");
        none.beforeRename();

        assertThat(none).isSameAs(Fencing.Fence.NONE);

        assertThat(fence).doesNotExist();
    }
}
