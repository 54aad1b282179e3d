package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.AtomicWriteChild;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.StraceLog;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watches one atomic write with strace to prove that the temp is reached only through what cannot be
 * redirected: writeText's content goes through the descriptor of the exclusive create (the temp is
 * opened once, writable), a callback's temp is synced through it, and every change of the temp's
 * mode opens it with {@code O_NOFOLLOW} and changes the descriptor, never a path that may be a link.
 */
class TempDescriptorTest {

    @TempDir
    Path temp;

    private Path dir;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        RequiredTool.require(StraceLog.STRACE, "strace", "to observe the system calls");
        dir = temp.toRealPath();
        // Read-only: the temp is created with the mode it has while written (0644) and changed once, at the commit (0444).
        target = Files.writeString(dir.resolve("state.json"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "callback"})
    void theTempIsWrittenAndSyncedThroughItsExclusiveCreateAndChangedWithoutFollowingLinks(String mode) throws Exception {
        StraceLog log = StraceLog.traceChild("openat,close,write,pwrite64,fsync,fdatasync,chmod,fchmod,fchmodat,rename",
                temp.resolve("strace.txt"), temp.resolve("child.log"), AtomicWriteChild.class, mode, target.toString(),
                "new", "warm");
        int begin = log.firstOpen(target + ".begin").index();
        int end = log.firstOpen(target + ".end").index();
        List<Syscall> write = log.calls().subList(begin + 1, end);
        List<String> temps = log.exclusivelyCreated(dir.resolve(".state.json.").toString(), ".tmp");
        assertThat(temps).hasSize(1);
        String tempPath = temps.get(0);
        Syscall create = write.stream().filter(call -> call.opens(tempPath) && call.args().contains("O_EXCL")).findFirst()
                .orElseThrow(() -> new AssertionError("no exclusive create of " + tempPath));
        String createdFd = Long.toString(create.result());

        List<Syscall> writableOpens = write.stream().filter(call -> call.opens(tempPath))
                .filter(call -> call.args().contains("O_WRONLY") || call.args().contains("O_RDWR")).toList();
        List<Syscall> syncs = write.stream().filter(Syscall::isSync).filter(call -> call.fdPath().filter(tempPath::equals).isPresent())
                .toList();
        assertThat(syncs).as("fsync of the temp").singleElement()
                .satisfies(sync -> assertThat(firstArgument(sync)).as("its descriptor").isEqualTo(createdFd));
        if (mode.equals("text")) {
            assertThat(writableOpens).as("writable opens of the temp: only its exclusive create").containsExactly(create);
            assertThat(write).as("the content written through the exclusive create's descriptor")
                    .anySatisfy(call -> {
                        assertThat(call.name()).isIn("write", "pwrite64");
                        assertThat(call.args()).startsWith(createdFd + ", \"new\"");
                    });
        }
        List<Syscall> modeChanges = write.stream().filter(call -> call.name().contains("chmod")).toList();
        assertThat(create.args()).as("the exclusive create's mode: the target's, owner-writable").endsWith(", 0644");
        assertThat(modeChanges).as("changes of the temp's mode").hasSize(1).allSatisfy(chmod -> {
            assertThat(chmod.name()).as("by descriptor, not by path").isEqualTo("fchmod");
            assertThat(chmod.fdPath()).hasValue(tempPath);
            Syscall open = write.stream().filter(call -> call.index() < chmod.index() && call.opens(tempPath))
                    .reduce((first, second) -> second).orElseThrow();
            assertThat(open.args()).as("the open whose descriptor is changed").contains("O_NOFOLLOW");
            assertThat(firstArgument(chmod)).isEqualTo(Long.toString(open.result()));
        });
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    private static String firstArgument(Syscall call) {
        int comma = call.args().indexOf(',');
        return (comma < 0 ? call.args() : call.args().substring(0, comma)).strip();
    }
}
