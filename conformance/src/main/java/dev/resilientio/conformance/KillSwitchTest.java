package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.CombinedFiles;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code resilientio.enabled=false} makes every annotation a pass-through, from the next call on. */
class KillSwitchTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final CombinedFiles files = new CombinedFiles();

    @Test
    void switchedOffTheBodyGetsTheRealTargetOnceWithoutLockOrRetry() throws IOException {
        Path target = Files.writeString(dir.resolve("data.txt"), "old");
        config.set("resilientio.enabled", "false");
        IOException busy = new IOException("Resource busy");
        files.failures.thenThrow(busy);

        Throwable thrown = catchThrowable(() -> files.atomicWrittenFirst(target, "written in place"));

        assertThat(thrown).isSameAs(busy);
        assertThat(files.failures.attempts()).as("attempts with the switch off under %s", WeavingMode.name())
                .isEqualTo(1);
        assertThat(files.received).containsExactly(target);
        assertThat(target).as("written in place, not atomically").hasContent("written in place");
        assertThat(FileLocks.lockFileFor(target)).as("lock file").doesNotExist();
        assertThat(time.delays()).isEmpty();
    }

    @Test
    void switchedBackOnTheAnnotationsApplyAgainOnTheNextCall() throws IOException {
        Path target = dir.resolve("data.txt");
        config.set("resilientio.enabled", "false");
        files.atomicWrittenFirst(target, "pass-through");

        config.clear("resilientio.enabled");
        files.failures.thenFailTimes(1);
        files.atomicWrittenFirst(target, "woven again");

        assertThat(files.received.get(0)).isEqualTo(target);
        assertThat(files.received.subList(1, 3))
                .allSatisfy(temp -> AtomicWriteTest.assertIsTempBeside(target, temp));
        assertThat(files.failures.attempts()).isEqualTo(3);
        assertThat(target).hasContent("woven again");
        assertThat(FileLocks.lockFileFor(target)).as("lock file").exists();
        assertThat(Temps.in(dir)).isEmpty();
    }
}
