package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.KeepFailedChild;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.StraceLog;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed write's temp goes through to become a recovery file, seen from outside (strace): it is
 * synced, made owner-only and read through the descriptor its exclusive create opened, never opened
 * again by a name another user could swap, and only then renamed.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "strace and /proc/self/fd are Linux's")
class KeptTempSyscallTest {

    @TempDir
    Path temp;

    @Test
    void theKeptTempIsSyncedAndMadeOwnerOnlyThroughItsDescriptorBeforeItIsRenamed() throws Exception {
        RequiredTool.require(StraceLog.STRACE, "strace", "to watch the kept temp's system calls");
        Path dir = temp.toRealPath();
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Path backup = Files.createDirectory(Path.of(target + ".backup"));
        Files.writeString(backup.resolve("inside"), "x");

        StraceLog log = StraceLog.traceChild("openat,fsync,fdatasync,rename,renameat,renameat2,chmod,fchmod,fchmodat",
                dir.resolve("strace.txt"), dir.resolve("child.log"), KeepFailedChild.class, target.toString(), "new content");

        List<String> temps = log.exclusivelyCreated(dir.resolve(".tasks.json.").toString(), ".tmp").stream()
                .filter(name -> !name.contains(".backup.")).toList();
        assertThat(temps).as("the write's temp").hasSize(1);
        String tempPath = temps.get(0);
        Syscall blocked = log.calls().stream()
                .filter(call -> call.name().startsWith("rename") && call.result() < 0)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no failed rename: the commit was not blocked"));
        Syscall kept = log.calls().stream()
                .filter(call -> call.name().startsWith("rename") && call.result() == 0 && call.paths().size() == 2)
                .filter(call -> call.paths().get(0).equals(tempPath))
                .findFirst().orElseThrow(() -> new AssertionError("the temp was never renamed to a staged name"));
        assertThat(kept.paths().get(1)).matches(".*/\\.tasks\\.json\\.failed\\.[0-9a-f]{16}\\.part");
        assertThat(log.calls()).as("an fsync of the temp's descriptor after the commit failed, before the rename")
                .anySatisfy(call -> {
                    assertThat(call.isSync()).isTrue();
                    assertThat(call.fdPath()).hasValue(tempPath);
                    assertThat(call.index()).isBetween(blocked.index(), kept.index());
                });
        assertThat(log.calls().stream().filter(call -> call.index() > blocked.index() && call.index() < kept.index()))
                .as("no open of the temp by name once the commit failed: another user may have swapped it")
                .noneMatch(call -> call.name().equals("openat") && call.paths().contains(tempPath));
        assertThat(log.calls().stream().filter(call -> call.name().contains("chmod") && call.index() > blocked.index()))
                .as("owner-only, through the open descriptor's /proc/self/fd entry, before the rename")
                .singleElement().satisfies(chmod -> {
                    assertThat(chmod.paths()).singleElement().asString().startsWith("/proc/self/fd/");
                    assertThat(chmod.args()).contains("0600");
                    assertThat(chmod.result()).isZero();
                    assertThat(chmod.index()).isLessThan(kept.index());
                });
        assertThat(Files.readString(dir.resolve("tasks.json.failed"))).isEqualTo("new content");
    }
}
