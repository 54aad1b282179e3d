package dev.resilientio.core.lock;

import dev.resilientio.core.EngineTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * One lock wait on an engine's time. With the real time, a wait for a thread of this JVM is the
 * JDK's own timed wait; with another time (a test's virtual time) it polls, so that the wait
 * passes on that time's clock.
 */
final class LockWait {

    private final EngineTime time;
    private final long start;
    private final long timeoutNanos;

    LockWait(EngineTime time, long timeoutNanos) {
        this.time = time;
        this.start = time.nanoTime();
        this.timeoutNanos = timeoutNanos;
    }

    long now() {
        return time.nanoTime();
    }

    long elapsed() {
        return time.nanoTime() - start;
    }

    long remaining() {
        long elapsed = elapsed();
        return elapsed >= timeoutNanos ? 0 : timeoutNanos - elapsed;
    }

    boolean tryLock(Lock lock) throws InterruptedException {
        if (time.isSystem()) {
            return lock.tryLock(remaining(), TimeUnit.NANOSECONDS);
        }
        long pause = FileLocks.FIRST_PAUSE_NANOS;
        while (!lock.tryLock()) {
            long left = remaining();
            if (left <= 0) {
                return false;
            }
            pause(Math.min(pause, left));
            pause = Math.min(pause * 2, FileLocks.MAX_PAUSE_NANOS);
        }
        return true;
    }

    void pause(long nanos) throws InterruptedException {
        time.pause(Duration.ofNanos(nanos));
    }
}
