package dev.resilientio.core.pipeline;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.rules.Durations;
import java.time.Duration;

/**
 * Holds a lock on the call's target around the rest of the pipeline, waiting at most the lock
 * timeout and never past the call's deadline. A target that is the temp of an atomic write running
 * now is not locked: the write that owns it holds the lock already.
 */
final class LockPolicy extends Policy {

    private final LockMode mode;
    private final Duration timeout;

    LockPolicy(LockMode mode, Duration timeout, Policy next) {
        super(next);
        this.mode = mode;
        this.timeout = timeout;
    }

    @Override
    Object apply(Call call) throws Throwable {
        if (RunningTemps.contains(call.target())) {
            return next.apply(call);
        }
        Duration wait = wait(call);
        FileLockHandle lock;
        try {
            lock = FileLocks.acquire(call.resolvedTarget(), mode, wait, call.time(), call.operation());
        } catch (FileLockTimeoutException e) {
            if (wait == timeout) {
                throw e;
            }
            throw new FileLockTimeoutException(e.target(), e.lockFile(), e.mode(), e.waited(), e.heldBy(), "The call's"
                    + " deadline ended the wait before the lock timeout (" + Durations.format(timeout) + "). Let the"
                    + " holder finish sooner, or give the call more time (@RetryFileOperation(maxDuration = ...),"
                    + " RESILIENT_IO_<OPERATION>_RETRY_MAX_DURATION or RESILIENT_IO_RETRY_MAX_DURATION).");
        }
        try {
            return next.apply(call);
        } finally {
            lock.close();
        }
    }

    private Duration wait(Call call) {
        long deadline = call.deadlineNanos();
        if (deadline == Long.MAX_VALUE) {
            return timeout;
        }
        long left = Math.max(0, deadline - call.time().nanoTime());
        return left < timeout.toNanos() ? Duration.ofNanos(left) : timeout;
    }
}
