package dev.resilientio.core.seam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.lock.FileLocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock timeout that a test's seam throws before the wait, knowing the file but not the mode (the
 * seam is not told it): the caller receives it with the mode asked for, as a real timeout has, and
 * the test's own advice; the engine's event carries that mode too.
 */
class InjectedLockTimeoutTest {

    @Test
    @SuppressWarnings("try") // the resources act by being open
    void aTimeoutWithoutItsModeGetsTheModeAskedFor(@TempDir Path dir) {
        Path file = dir.resolve("tasks.json");
        FaultSeam timeOut = (step, operation, target) -> {
            if (step == FaultSeam.Step.LOCK) {
                throw new FileLockTimeoutException(target, target.resolveSibling("tasks.json.lock"), null, Duration.ZERO,
                        "nobody", "A test injected it.");
            }
        };
        List<ResilientIoEvent> events = new CopyOnWriteArrayList<>();

        Throwable thrown;
        try (var seam = FaultSeam.install(timeOut); var listening = ResilientIoEvents.register(events::add)) {
            thrown = catchThrowable(() -> FileLocks.withLock(file, LockMode.SHARED, Duration.ofSeconds(1), () -> "read"));
        }

        assertThat(thrown).isInstanceOf(FileLockTimeoutException.class)
                .hasMessageStartingWith("Timed out after 0ns waiting for a SHARED lock on " + file)
                .hasMessageEndingWith("held by nobody. A test injected it.");
        assertThat(((FileLockTimeoutException) thrown).mode()).isEqualTo(LockMode.SHARED);
        assertThat(events).filteredOn(LockTimedOut.class::isInstance).map(LockTimedOut.class::cast)
                .singleElement().satisfies(timedOut -> {
                    assertThat(timedOut.mode()).isEqualTo(LockMode.SHARED);
                    assertThat(timedOut.target()).isEqualTo(file);
                });
    }
}
