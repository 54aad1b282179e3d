package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM that holds a file lock for the cross-process lock tests. Prints {@code WAITING} just
 * before it asks for the lock, then {@code LOCKED} once granted (or {@code TIMEOUT} and exits 2),
 * holds it until the parent sends a line or closes stdin, releases it, prints {@code RELEASED} and
 * exits 0.
 *
 * <p>Arguments: the file, the mode ({@code SHARED} or {@code EXCLUSIVE}), the timeout in milliseconds.
 */
public final class HoldLockMain {

    private HoldLockMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            LockMode mode = LockMode.valueOf(args[1]);
            Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
            // Loads the lock classes first, so that WAITING means the request follows within moments.
            FileLocks.lockFileFor(file);
            ChildIo.signal("WAITING");
            FileLockHandle handle;
            try {
                handle = FileLocks.acquire(file, mode, timeout);
            } catch (FileLockTimeoutException timedOut) {
                ChildIo.signal("TIMEOUT");
                System.exit(2);
                return;
            }
            try {
                ChildIo.signal("LOCKED");
                ChildIo.awaitParent();
            } finally {
                handle.close();
            }
            ChildIo.signal("RELEASED");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
