package dev.resilientio.json.jackson2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with Jackson 2 only: no Jackson 3 comes with the module, and Jackson 2's parse
 * errors, which are {@code IOException}s, are corrupt content, recovered from a backup and never
 * retried (with the default three attempts, a retry would log a WARN). The contract this module also
 * runs recovers from two backups with five attempts configured.
 */
class Jackson2OnlyTest {

    private static final String TORN = "{\"value\": 3, \"tru";

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture engineLog = LogCapture.named("dev.resilientio");

    @Test
    void noJackson3IsOnTheClassPath() {
        for (String jackson3 : new String[] {"tools.jackson.databind.ObjectMapper", "tools.jackson.core.JsonParser"}) {
            assertThat(catchThrowable(() -> Class.forName(jackson3))).as(jackson3).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aJackson2ParseErrorIsRecoveredFromTheBackupAndNotRetried() throws IOException {
        Path file = Files.writeString(dir.toRealPath().resolve("counter.json"), TORN);
        Path backup = Files.writeString(file.resolveSibling("counter.json.backup"), "{\"value\":1}");
        assertThat(catchThrowable(() -> new ObjectMapper().readValue(TORN, Counter.class)))
                .as("what Jackson 2 throws for the torn file").isInstanceOf(JsonProcessingException.class)
                .isInstanceOf(IOException.class);

        Counter recovered = ResilientJson.readJson(file, Counter.class);

        assertThat(recovered).isEqualTo(new Counter(1));
        assertThat(engineLog.warnings()).as("WARN lines: one recovery, no retry").singleElement().asString()
                .contains("recovered its content from the backup " + backup)
                .contains("com.fasterxml.jackson");
    }

    @Test
    void aJackson2ParseErrorOfEveryCopyFailsOnceAsCorruption() throws IOException {
        Path file = Files.writeString(dir.toRealPath().resolve("counter.json"), TORN);
        Files.writeString(file.resolveSibling("counter.json.backup"), "[1, 2");

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::increment));

        assertThat(failure).as("updateJson of a torn file whose backup is torn too").isNotNull();
        assertThat(failure.getCause()).as("Jackson 2's own parse error").isInstanceOf(JsonProcessingException.class);
        assertThat(engineLog.warnings()).as("WARN lines: no retry").isEmpty();
        assertThat(file).as("unchanged").hasContent(TORN);
    }
}
