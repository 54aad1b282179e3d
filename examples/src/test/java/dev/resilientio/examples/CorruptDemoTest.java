package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.atomic.RecoveringReader;
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
    final LogCapture recoveryLog = LogCapture.of(RecoveringReader.class);

    @Test
    void loadRecoversTheListBeforeTheLastAddFromTheNewestBackup() throws Exception {
        CorruptDemo.Result result = CorruptDemo.run(dir, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(result.recovered()).extracting(Task::title).containsExactly("water the plants", "renew the passport");
        assertThat(result.ok()).isTrue();
        assertThat(recoveryLog.warnings()).singleElement().asString()
                .contains("tasks.json is unreadable").endsWith("tasks.json.backup");
    }
}
