package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.IncrementMain;
import dev.resilientio.core.testsupport.IncrementRace;
import dev.resilientio.core.testsupport.Temps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Read-modify-write by {@link FileOperation#update} in four processes at once loses no update. */
class CrossProcessUpdateTest {

    private static final int CHILDREN = 4;
    private static final int INCREMENTS_EACH = 100;

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void concurrentUpdatesFromFourProcessesLoseNoIncrement() throws Exception {
        Path data = Files.createDirectory(tempDir.resolve("data"));
        Path file = data.resolve("counter.txt");

        TreeMap<Integer, Integer> writers = IncrementRace.run(children, tempDir, IncrementMain.class, file, CHILDREN,
                INCREMENTS_EACH);

        try (InputStream in = Files.newInputStream(file)) {
            assertThat(Counter.parse(in).value()).isEqualTo(CHILDREN * INCREMENTS_EACH);
        }
        assertThat(Temps.in(data)).as("temp files left in %s", data).isEmpty();
        assertThat(FileLocks.lockFileFor(file)).as("the lock sidecar is never deleted").isRegularFile();
        System.out.printf("CrossProcessUpdateTest: %d increments by %d processes, the lock changed process %d times%n",
                CHILDREN * INCREMENTS_EACH, CHILDREN, IncrementRace.handovers(writers));
    }
}
