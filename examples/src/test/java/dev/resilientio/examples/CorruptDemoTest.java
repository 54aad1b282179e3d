package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CorruptDemoTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture recoveryLog = LogCapture.named("dev.resilientio.core.pipeline.RecoveryPolicy");

    @Test
    void loadRecoversTheListBeforeTheLastAddFromTheNewestBackup() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CorruptDemo.Result result = CorruptDemo.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.recovered()).extracting(Task::title).containsExactly("water the plants", "renew the passport");
        assertThat(result.ok()).isTrue();
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains("ResilientTaskStore.load", "tasks.json is corrupt", "read its content from the backup")
                .contains("tasks.json.backup instead");
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()
                .dropWhile(line -> !line.startsWith("plain store: cannot read it"))).satisfiesExactly(
                        line -> assertThat(line).startsWith("plain store: cannot read it"),
                        line -> assertThat(line).isEqualTo("  BackupRecovered ResilientTaskStore.load tasks.json is"
                                + " corrupt (UnexpectedEndOfInputException); read tasks.json.backup instead"),
                        line -> assertThat(line).startsWith("annotated store: @RecoverFromBackup ran load() again"));
    }
}
