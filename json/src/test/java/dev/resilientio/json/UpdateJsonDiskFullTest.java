package dev.resilientio.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.testsupport.TmpfsMount;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code updateJson} on a real full disk (a 1 MiB tmpfs) with keep-failed on and a recovery
 * directory elsewhere: the batch of updates that could not be saved is kept, as the JSON the
 * update would have written.
 */
class UpdateJsonDiskFullTest {

    @RegisterExtension
    final TmpfsMount disk = TmpfsMount.perTest("1m");

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path elsewhere;

    /** A task list. */
    public static final class Tasks {
        /** The tasks. */
        public List<String> tasks = new ArrayList<>();
    }

    @Test
    void aDiskFullUpdateKeepsTheUpdatedValueInTheRecoveryDir() throws IOException {
        Path recoveryDir = elsewhere.toRealPath();
        config.set("resilientio.atomic.keep-failed", "true");
        config.set("resilientio.atomic.recovery-dir", recoveryDir.toString());
        Path file = disk.path().resolve("tasks.json");
        ResilientJson.updateJson(file, Tasks.class, new Tasks(), t -> {
            t.tasks.add("first");
            return t;
        });
        String before = Files.readString(file);
        fillLeaving(64 * 1024);
        String bigTask = "t".repeat(200 * 1024);

        IOException failure = catchThrowableOfType(IOException.class, () -> ResilientJson.updateJson(file, Tasks.class,
                new Tasks(), t -> {
                    t.tasks.add(bigTask);
                    return t;
                }));

        Path kept = RecoveryFileNotice.in(failure).orElseThrow().file();
        assertThat(failure.getMessage()).containsIgnoringCase("no space left").contains(kept.toString());
        Tasks saved = JsonMapper.builder().build().readValue(kept.toFile(), Tasks.class);
        assertThat(saved.tasks).containsExactly("first", bigTask);
        assertThat(Files.readString(Path.of(kept + ".json"))).contains("\"errno\": \"ENOSPC\"")
                .contains("\"operation\": \"ResilientJson.updateJson\"");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(Temps.in(disk.path())).isEmpty();
    }

    private void fillLeaving(long free) throws IOException {
        FileStore store = Files.getFileStore(disk.path());
        long filler = store.getUsableSpace() - free;
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(disk.path().resolve("filler"))) {
            for (long written = 0; written < filler; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, filler - written));
            }
        }
    }
}
