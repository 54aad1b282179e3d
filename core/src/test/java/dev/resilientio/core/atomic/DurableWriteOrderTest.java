package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.AtomicWriteChild;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.StraceLog;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches a real child JVM's system calls with strace to prove the durable sequence: the temp's
 * data is fsynced before it is renamed over the target (one rename: the target is never removed
 * first), and the directory is fsynced after the rename and before the write returns. With
 * backups, the directory is also fsynced after each rename of the rotation and before the next
 * rename. With {@code Durability.NONE}, no fsync at all.
 */
class DurableWriteOrderTest {

    @TempDir
    Path temp;

    private Path dir;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        RequiredTool.require(StraceLog.STRACE, "strace", "to observe the fsync order");
        // The engine works on the real path of the directory; strace shows the paths as the engine passes them.
        dir = temp.toRealPath();
        target = dir.resolve("state.json");
        Files.writeString(target, "old");
    }

    @Test
    void writeTextSyncsTempBeforeRenameAndDirectoryAfter() throws Exception {
        StraceLog log = traceChild("text", "new-text");

        assertDurableOrder(log);
        assertThat(Files.readString(target)).isEqualTo("new-text");
    }

    @Test
    void callbackWriteSyncsTempBeforeRenameAndDirectoryAfter() throws Exception {
        StraceLog log = traceChild("callback", "new-callback");

        assertDurableOrder(log);
        assertThat(Files.readString(target)).isEqualTo("new-callback");
    }

    @Test
    void durabilityNoneIssuesNoFsyncForTheWrite() throws Exception {
        StraceLog log = traceChild("none", "new-none");

        Syscall rename = renameOverTarget(log, tempOf(log));
        int begin = markerOpen(log, ".begin").index();
        int end = markerOpen(log, ".end").index();
        assertThat(rename.index()).isBetween(begin, end);
        List<Syscall> syncsDuringWrite = log.calls().stream()
                .filter(Syscall::isSync)
                .filter(call -> call.index() > begin && call.index() < end)
                .toList();
        assertThat(syncsDuringWrite).as("fsync/fdatasync calls while writing with Durability.NONE").isEmpty();
        assertThat(syncsOf(log, tempOf(log))).isEmpty();
        assertThat(syncsOf(log, dir.toString())).isEmpty();
        assertThat(Files.readString(target)).isEqualTo("new-none");
    }

    @Test
    void backupRotationSyncsTheDirectoryAfterEachRenameBeforeTheNextOne() throws Exception {
        Files.writeString(Backups.backup(target, 0), "older");
        Files.writeString(Backups.backup(target, 1), "oldest");

        StraceLog log = traceChild("backups", "new-backups");

        // Oldest first, each backup one place older; then the current target becomes the newest backup
        // (a link or copy staged under a temp name), and only then is the temp renamed over the target.
        List<Syscall> renames = renamesDuringTheWrite(log);
        assertThat(renames).as("renames while writing with %d backups", AtomicWriteChild.BACKUPS)
                .extracting(call -> call.paths().get(1))
                .containsExactly(backup(2), backup(1), backup(0), target.toString());
        List<String> sources = renames.stream().map(call -> call.paths().get(0)).toList();
        assertThat(sources.subList(0, 2)).as("the backups shifted").containsExactly(backup(1), backup(0));
        assertThat(sources.subList(2, 4)).as("the staged newest backup, then the temp")
                .allMatch(source -> source.startsWith(dir + "/." + target.getFileName() + ".") && source.endsWith(".tmp"));
        int end = markerOpen(log, ".end").index();
        List<Syscall> directorySyncs = syncsOf(log, dir.toString());
        for (int i = 0; i < renames.size(); i++) {
            Syscall rename = renames.get(i);
            int next = i + 1 < renames.size() ? renames.get(i + 1).index() : end;
            assertThat(directorySyncs)
                    .as("fsync of the directory %s after the rename to %s (#%d) and before %s (#%d)", dir,
                            rename.paths().get(1), rename.index(),
                            i + 1 < renames.size() ? "the next rename" : "the write returned", next)
                    .anySatisfy(sync -> {
                        assertThat(sync.name()).isEqualTo("fsync");
                        assertThat(sync.result()).isZero();
                        assertThat(sync.index()).isGreaterThan(rename.index()).isLessThan(next);
                    });
        }
        assertThat(Files.readString(target)).isEqualTo("new-backups");
        assertThat(Files.readString(Backups.backup(target, 0))).isEqualTo("old");
        assertThat(Files.readString(Backups.backup(target, 1))).isEqualTo("older");
        assertThat(Files.readString(Backups.backup(target, 2))).isEqualTo("oldest");
    }

    private void assertDurableOrder(StraceLog log) throws IOException {
        String tempPath = tempOf(log);
        Syscall rename = renameOverTarget(log, tempPath);
        // With the target's mode where its group bits grant no more than its others' (0644 here), else owner-only.
        int targetMode = (Integer) Files.getAttribute(target, "unix:mode") & 0777 | 0600;
        String createMode = "0" + Integer.toOctalString(((targetMode >> 3) & 07 & ~(targetMode & 07)) == 0 ? targetMode : 0600);
        assertThat(log.calls("openat"))
                .as("the temp is created exclusively, with mode %s", createMode)
                .anySatisfy(open -> {
                    assertThat(open.opens(tempPath)).isTrue();
                    assertThat(open.args()).contains("O_CREAT", "O_EXCL").endsWith(", " + createMode);
                });
        int lastWritableOpen = log.calls().stream()
                .filter(call -> call.opens(tempPath) && (call.args().contains("O_WRONLY") || call.args().contains("O_RDWR")))
                .mapToInt(Syscall::index)
                .max()
                .orElseThrow(() -> new AssertionError("no writable openat of " + tempPath));
        List<Syscall> tempSyncs = syncsOf(log, tempPath);
        assertThat(tempSyncs)
                .as("fsync of the temp %s after its last writable open (#%d) and before the rename (#%d)",
                        tempPath, lastWritableOpen, rename.index())
                .anySatisfy(sync -> {
                    assertThat(sync.name()).isEqualTo("fsync");
                    assertThat(sync.result()).isZero();
                    assertThat(sync.index()).isGreaterThan(lastWritableOpen).isLessThan(rename.index());
                });

        int end = markerOpen(log, ".end").index();
        assertThat(syncsOf(log, dir.toString()))
                .as("fsync of the directory %s after the rename (#%d) and before the write returned (#%d)",
                        dir, rename.index(), end)
                .anySatisfy(sync -> {
                    assertThat(sync.name()).isEqualTo("fsync");
                    assertThat(sync.result()).isZero();
                    assertThat(sync.index()).isGreaterThan(rename.index()).isLessThan(end);
                });
    }

    private StraceLog traceChild(String mode, String content) throws IOException, InterruptedException {
        return StraceLog.traceChild("openat,close,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat",
                temp.resolve("strace-" + mode + ".txt"), temp.resolve("child-" + mode + ".log"),
                AtomicWriteChild.class, mode, target.toString(), content);
    }

    private String tempOf(StraceLog log) {
        List<String> temps = log.exclusivelyCreated(dir.resolve("." + target.getFileName() + ".").toString(), ".tmp");
        assertThat(temps).as("temp files created beside %s", target).hasSize(1);
        return temps.get(0);
    }

    private Syscall renameOverTarget(StraceLog log, String tempPath) {
        List<Syscall> renames = log.calls().stream()
                .filter(call -> call.name().startsWith("rename") && call.result() == 0)
                .filter(call -> call.paths().equals(List.of(tempPath, target.toString())))
                .toList();
        assertThat(renames).as("renames of %s over %s", tempPath, target).hasSize(1);
        assertThat(log.calls().stream().filter(call -> call.name().startsWith("unlink")).flatMap(call -> call.paths().stream()))
                .as("files removed while writing: the target is replaced by one rename, never removed first,"
                        + " or a reader in between finds no file")
                .doesNotContain(target.toString());
        return renames.get(0);
    }

    /** The successful renames between the child's {@code .begin} and {@code .end} markers, in order. */
    private List<Syscall> renamesDuringTheWrite(StraceLog log) {
        int begin = markerOpen(log, ".begin").index();
        int end = markerOpen(log, ".end").index();
        return log.calls().stream()
                .filter(call -> call.name().startsWith("rename") && call.result() == 0 && call.paths().size() == 2)
                .filter(call -> call.index() > begin && call.index() < end)
                .toList();
    }

    private String backup(int index) {
        return Backups.backup(target, index).toString();
    }

    private static List<Syscall> syncsOf(StraceLog log, String path) {
        return log.calls().stream()
                .filter(Syscall::isSync)
                .filter(call -> call.fdPath().filter(path::equals).isPresent())
                .toList();
    }

    private Syscall markerOpen(StraceLog log, String suffix) {
        return log.firstOpen(target + suffix);
    }
}
