package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.AtomicWriteChild;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.StraceLog;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches a real child JVM's system calls with strace to prove the durable sequence: the temp's
 * data is fsynced before it is renamed over the target, and the directory is fsynced after the
 * rename and before the write returns. With {@code Durability.NONE}, no fsync at all.
 */
class DurableWriteOrderTest {

    private static final Path STRACE = Path.of("/usr/bin/strace");

    @TempDir
    Path temp;

    private Path dir;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(STRACE), "strace not installed: cannot observe the fsync order");
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

    private void assertDurableOrder(StraceLog log) {
        String tempPath = tempOf(log);
        Syscall rename = renameOverTarget(log, tempPath);
        assertThat(log.calls("openat"))
                .as("the temp is created exclusively, owner-only")
                .anySatisfy(open -> {
                    assertThat(open.opens(tempPath)).isTrue();
                    assertThat(open.args()).contains("O_CREAT", "O_EXCL").endsWith(", 0600");
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
        Path trace = temp.resolve("strace-" + mode + ".txt");
        Path childLog = temp.resolve("child-" + mode + ".log");
        List<String> command = new ArrayList<>(List.of(STRACE.toString(), "-f",
                "-e", "trace=openat,close,fsync,fdatasync,rename,renameat,renameat2", "-o", trace.toString()));
        command.addAll(ChildJvm.command(AtomicWriteChild.class, mode, target.toString(), content));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile())
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("traced child JVM did not finish in 60 s");
        }
        assertThat(child.exitValue())
                .as("exit of the traced child; its output: %s", Files.readString(childLog, StandardCharsets.UTF_8))
                .isZero();
        return StraceLog.read(trace);
    }

    private String tempOf(StraceLog log) {
        String prefix = dir.resolve("." + target.getFileName() + ".").toString();
        List<String> temps = log.calls("openat").stream()
                .filter(call -> call.result() >= 0 && call.paths().size() == 1)
                .filter(call -> call.args().contains("O_CREAT") && call.args().contains("O_EXCL"))
                .map(call -> call.paths().get(0))
                .filter(path -> path.startsWith(prefix) && path.endsWith(".tmp"))
                .distinct()
                .toList();
        assertThat(temps).as("temp files created beside %s", target).hasSize(1);
        return temps.get(0);
    }

    private Syscall renameOverTarget(StraceLog log, String tempPath) {
        List<Syscall> renames = log.calls().stream()
                .filter(call -> call.name().startsWith("rename") && call.result() == 0)
                .filter(call -> call.paths().equals(List.of(tempPath, target.toString())))
                .toList();
        assertThat(renames).as("renames of %s over %s", tempPath, target).hasSize(1);
        return renames.get(0);
    }

    private static List<Syscall> syncsOf(StraceLog log, String path) {
        return log.calls().stream()
                .filter(Syscall::isSync)
                .filter(call -> call.fdPath().filter(path::equals).isPresent())
                .toList();
    }

    private Syscall markerOpen(StraceLog log, String suffix) {
        String marker = target + suffix;
        return log.calls().stream()
                .filter(call -> call.opens(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the child never opened its marker " + marker));
    }
}
