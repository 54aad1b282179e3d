package dev.resilientio.core.pipeline;

import java.time.Duration;

/** Sets the call's deadline: every attempt, backoff and lock wait of the call ends by it. */
final class DeadlinePolicy implements Policy {

    private final long nanos;

    DeadlinePolicy(Duration maxDuration) {
        long value;
        try {
            value = maxDuration.toNanos();
        } catch (ArithmeticException tooLong) {
            value = Long.MAX_VALUE / 2;
        }
        this.nanos = value;
    }

    @Override
    public Object apply(Call call) throws Throwable {
        call.deadlineNanos(call.time().nanoTime() + nanos);
        return call.proceed();
    }
}
