package dev.resilientio.core.pipeline;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
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
        FileLockHandle lock = FileLocks.acquire(call.resolvedTarget(), mode, wait(call), call.time());
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
