package dev.resilientio.conformance;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.OtherThread;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tells whether someone holds a lock on a file, by asking for an exclusive lock from another thread
 * without waiting: a lock belongs to its thread, so only another thread sees it as taken.
 */
final class LockProbe {

    private LockProbe() {
    }

    /**
     * Tells whether any thread or process holds a lock on the file right now.
     *
     * @param target the file (not its lock file)
     * @return {@code true} when an exclusive lock cannot be had at once
     */
    static boolean isHeld(Path target) {
        Throwable thrown;
        try {
            thrown = OtherThread.run("lock probe", Duration.ofSeconds(10),
                    () -> FileLocks.acquire(target, LockMode.EXCLUSIVE, Duration.ZERO).close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while probing the lock on " + target, e);
        }
        if (thrown == null) {
            return false;
        }
        if (thrown instanceof FileLockTimeoutException) {
            return true;
        }
        throw new AssertionError("probing the lock on " + target + " failed", thrown);
    }
}
