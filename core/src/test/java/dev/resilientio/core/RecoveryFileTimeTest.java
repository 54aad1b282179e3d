package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recovery file's description is dated by the engine's time, so that a test's installed time dates it. */
class RecoveryFileTimeTest {

    private static final Pattern TIME = Pattern.compile("\"time\": \"([^\"]+)\"");

    @TempDir
    Path temp;

    @Test
    void theDescriptionsTimeMovesWithTheInstalledEngineTime() throws IOException {
        Path dir = temp.toRealPath();
        Path target = Files.writeString(dir.resolve("tasks.json"), "old");
        Path backup = Files.createDirectory(Path.of(target + ".backup"));
        Files.writeString(backup.resolve("inside"), "x");
        FileOperation write = FileOperation.named("RecoveryFileTimeTest.write", ResilientIoConfig.from(Map.of(),
                Map.of("resilientio.atomic.keep-failed", "true", "resilientio.atomic.backups", "1")));
        TestTime time = TestTime.virtual(wait -> { });

        EngineTime.Installed installed = EngineTime.install(time);
        try {
            catchThrowableOfType(IOException.class, () -> write.write(target, "first".getBytes(StandardCharsets.UTF_8)));
            time.advance(Duration.ofHours(3));
            catchThrowableOfType(IOException.class, () -> write.write(target, "second".getBytes(StandardCharsets.UTF_8)));
        } finally {
            installed.close();
        }

        Instant first = timeIn(dir.resolve("tasks.json.failed.1.json"));
        Instant second = timeIn(dir.resolve("tasks.json.failed.json"));
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofHours(3));
        assertThat(Duration.between(first, Instant.now()).abs()).as("anchored to the wall clock").isLessThan(Duration.ofMinutes(5));
    }

    private static Instant timeIn(Path description) throws IOException {
        Matcher time = TIME.matcher(Files.readString(description));
        assertThat(time.find()).as("a time in %s", description).isTrue();
        return Instant.parse(time.group(1));
    }
}
