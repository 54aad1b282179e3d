package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
