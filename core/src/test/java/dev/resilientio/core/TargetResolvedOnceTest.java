package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.ResolveCountChild;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import dev.resilientio.core.testsupport.StraceLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One call resolves its target once, whatever layers it passes (lock, recovering read, atomic
 * write): watched from outside, each call reads the target's link exactly once. Before the one
 * pipeline, an {@code updateJson} resolved its target in the lock, the read and the writer.
 */
class TargetResolvedOnceTest {

    private static final int CALLS = 5;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"update", "atomic"})
    void eachCallReadsItsTargetsLinkOnce(String mode) throws IOException, InterruptedException {
        RequiredTool.require(StraceLog.STRACE, "strace", "to count the reads of the target's link");
        Path dir = Files.createDirectory(temp.resolve("data"));
        Files.writeString(dir.resolve("real.txt"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real.txt"));

        StraceLog log = StraceLog.traceChild("openat,readlink,readlinkat", temp.resolve("strace-" + mode + ".txt"),
                temp.resolve("child-" + mode + ".log"), ResolveCountChild.class, mode, link.toString(),
                String.valueOf(CALLS));

        List<Syscall> calls = log.calls();
        int counting = -1;
        for (Syscall call : calls) {
            if (call.name().equals("openat") && call.paths().contains(link + ".counting")) {
                counting = call.index();
            }
        }
        int start = counting;
        assertThat(start).as("the child's marker").isNotNegative();
        long linkReads = calls.stream()
                .filter(call -> call.index() > start && call.name().startsWith("readlink")
                        && call.paths().contains(link.toString()))
                .count();
        assertThat(linkReads).as("reads of the target's link in %d %s calls", CALLS, mode).isEqualTo(CALLS);
    }
}
