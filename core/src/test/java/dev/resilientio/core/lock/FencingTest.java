package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.ThisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
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

    /** The lock service the tokens count in. */
    private static final String SPACE = "ensemble-a";

    private Path target;
    private Path fence;

    @BeforeEach
    void target() throws Exception {
        target = Files.writeString(dir.resolve("tasks.json"), "[]").toRealPath();
        fence = Fencing.fenceFileOf(target);
    }

    @Test
    void aNewerTokenIsRecordedAndTheSameOneAgainChangesNothing() throws Exception {
        Fencing.record(target, fence, 1_000, SPACE, true);
        Fencing.record(target, fence, 1_000, SPACE, false);
        assertThat(Files.readString(fence)).isEqualTo("00000000000000001000 ensemble-a\n");

        Fencing.record(target, fence, 25_000, SPACE, false);

        assertThat(Files.readString(fence)).isEqualTo("00000000000000025000 ensemble-a\n");
        assertThat(fence.getFileName().toString()).isEqualTo("tasks.json.fence");
    }

    @Test
    void anOlderTokenThanTheRecordedOneIsRefusedAndLeavesTheRecord() throws Exception {
        Fencing.record(target, fence, 25_000, SPACE, false);

        FileLockLostException lost = catchThrowableOfType(FileLockLostException.class,
                () -> Fencing.record(target, fence, 1_000, SPACE, false));

        assertThat(lost).isNotNull();
        assertThat(lost.token()).isEqualTo(1_000);
        assertThat(lost.target()).isEqualTo(target);
        assertThat(lost.getMessage()).contains(target.toString()).contains("fencing token 25000, this write's 1000")
                .contains(fence.toString());
        assertThat(Files.readString(fence)).isEqualTo("00000000000000025000 ensemble-a\n");
    }

    @Test
    void aTokenOfAnotherLockServiceStartsTheCountAgain() throws Exception {
        Fencing.record(target, fence, 25_000, SPACE, false);

        Fencing.record(target, fence, 1_000, "ensemble-rebuilt", false);

        assertThat(Files.readString(fence)).isEqualTo("00000000000000001000 ensemble-rebuilt\n");
    }

    @Test
    void aGrantLostBetweenTheRecordAndTheRenameIsCaughtByTheLastCheck() throws Exception {
        Path lockFile = TargetPaths.withSuffix(target, ".lock");
        int[] checks = {0};
        ClusterLock grant = new ClusterLock() {
            @Override
            public long verify() throws FileLockLostException {
                if (++checks[0] > 1) {
                    throw new FileLockLostException(target, 7, "the session ended between the checks", null);
                }
                return 7;
            }

            @Override
            public String tokenSpace() {
                return SPACE;
            }

            @Override
            public void release() {
            }
        };
        ClusterLocking.holdExclusive(lockFile, grant);
        try {
            Fencing.Fence checked = Fencing.beforeCommit(target, false, "Tasks.save");
            assertThat(Files.readString(fence)).isEqualTo("00000000000000000007 ensemble-a\n");

            FileLockLostException lost = catchThrowableOfType(FileLockLostException.class, checked::beforeRename);

            assertThat(lost).isNotNull();
            assertThat(lost.reason()).isEqualTo("the session ended between the checks");
            assertThat(checks[0]).isEqualTo(2);
        } finally {
            ClusterLocking.release(lockFile, grant, LockMode.EXCLUSIVE);
        }
    }

    @Test
    void aFenceFileOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(ThisProcess.uid() == 0, "needs root to give the fence file another owner; skipped");
        Files.writeString(fence, "09223372036854775807 ensemble-a\n");
        Files.setAttribute(fence, "unix:uid", 54_321);

        assertThatThrownBy(() -> Fencing.record(target, fence, 1_000, SPACE, false))
                .isInstanceOf(RefusedFileException.class)
                .hasMessageContaining("owned by uid 54321").hasMessageContaining("Remove it");
        assertThat(Files.readString(fence)).isEqualTo("09223372036854775807 ensemble-a\n");
    }

    @Test
    void aRecordThatHoldsNoTokenRefusesTheCommitAndSaysWhatToDo() throws Exception {
        Files.writeString(fence, "not a token");

        FileLockLostException lost = catchThrowableOfType(FileLockLostException.class,
                () -> Fencing.record(target, fence, 1_000, SPACE, false));

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
