package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.events.AtomicWriteCommitted;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashDemoTest {

    /** Each kill lands mid-save about 4 times in 5; with 5 rounds, at least one does all but 1 in 3000 runs. */
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void killingTheWriterMidSaveNeverLeavesAHalfWrittenFileNorATemp() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CrashDemo.Result result = CrashDemo.run(StoreKind.ANNOTATED, dir, ROUNDS, true, new Random(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.midSave()).as("kills that hit a save in progress (else nothing was proved); output:%n%s",
                printed).isPositive();
        assertThat(result.whole()).as("kills after which tasks.json held one whole revision; output:%n%s", printed)
                .isEqualTo(ROUNDS);
        assertThat(TaskJson.parse(Files.readAllBytes(dir.resolve("tasks.json")))).hasSize(CrashDemo.TASKS);
        assertThat(result.tempsRemoved()).as("temps of killed saves removed by the next save")
                .isEqualTo(result.tempsLeft());
        assertThat(result.tempsRemaining()).isZero();
        assertThat(CrashDemo.temps(dir.resolve("tasks.json"))).isEmpty();
    }

    @Test
    void commitTimesOfTheKilledWritersAndOfTheNextSaveAreShown() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CrashDemo.Result result = CrashDemo.run(StoreKind.ANNOTATED, dir, 2, false, new Random(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        // Each writer says WRITING after its first save has committed, so each round reports one at least.
        assertThat(result.writerCommits()).hasSizeGreaterThanOrEqualTo(2);
        List<AtomicWriteCommitted> commits = new ArrayList<>(result.writerCommits());
        commits.add(result.nextSave());
        assertThat(commits).allSatisfy(commit -> {
            assertThat(commit.operation()).isEqualTo("ResilientTaskStore.save");
            assertThat(commit.bytes()).isGreaterThan(2_000_000);
            assertThat(commit.write().plus(commit.fsync()).plus(commit.rename()).plus(commit.directoryFsync()))
                    .as("the steps of %s", commit).isLessThanOrEqualTo(commit.total());
        });
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().skip(1)).satisfiesExactly(
                line -> assertThat(line).matches("  saves the killed writers committed \\(AtomicWriteCommitted, from a"
                        + " listener in each\\): \\d+, [0-9,]+ (bytes each|to [0-9,]+ bytes); median write \\d+\\.\\d ms, fsync"
                        + " \\d+\\.\\d ms, rename \\d+\\.\\d ms, directory fsync \\d+\\.\\d ms, total \\d+\\.\\d ms"),
                line -> assertThat(line).matches("  the save after the last kill, here: AtomicWriteCommitted"
                        + " ResilientTaskStore.save tasks.json [0-9,]+ bytes: write \\d+\\.\\d ms, fsync \\d+\\.\\d ms,"
                        + " rename \\d+\\.\\d ms, directory fsync \\d+\\.\\d ms, total \\d+\\.\\d ms"));
    }
}
