package dev.resilientio.core.pipeline;

import java.time.Duration;

/** Sets the call's deadline: every attempt, backoff and lock wait of the call ends by it. */
final class DeadlinePolicy extends Policy {

    private final long nanos;

    DeadlinePolicy(Duration maxDuration, Policy next) {
        super(next);
        long value;
        try {
            value = maxDuration.toNanos();
        } catch (ArithmeticException tooLong) {
            value = Long.MAX_VALUE / 2;
        }
        this.nanos = value;
    }

    @Override
    Object apply(Call call) throws Throwable {
        call.deadlineNanos(call.time().nanoTime() + nanos);
        return next.apply(call);
    }
}
