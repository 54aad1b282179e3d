package dev.resilientio.core.pipeline;

import java.time.Duration;

/**
 * Sets the call's deadline: every attempt, backoff and lock wait of the call ends by it, and so do
 * those of the calls it makes on the same thread (a call inside keeps the earlier of its own
 * deadline and the enclosing one).
 */
final class DeadlinePolicy extends Policy {

    /** The deadline of the calls running on this thread, {@link Long#MAX_VALUE} for none. */
    private static final ThreadLocal<long[]> ENCLOSING = ThreadLocal.withInitial(() -> new long[] {Long.MAX_VALUE});

    private final long nanos;

    DeadlinePolicy(Duration maxDuration, Policy next) {
        super(next);
        this.nanos = maxDuration.toNanos();
    }

    /** The deadline that calls running on this thread set, for a call that starts inside them. */
    static long enclosing() {
        return ENCLOSING.get()[0];
    }

    @Override
    Object apply(Call call) throws Throwable {
        long[] enclosing = ENCLOSING.get();
        long outer = enclosing[0];
        long mine = call.time().nanoTime() + nanos;
        long deadline = outer != Long.MAX_VALUE && outer - mine < 0 ? outer : mine;
        call.deadlineNanos(deadline);
        enclosing[0] = deadline;
        try {
            return next.apply(call);
        } finally {
            enclosing[0] = outer;
        }
    }
}
