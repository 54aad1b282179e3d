package dev.resilientio.core.pipeline;

import dev.resilientio.core.retry.FileRetry;

/** Runs the rest of the pipeline once per attempt, as the operation's retry settings say, within the call's deadline. */
final class RetryPolicy implements Policy {

    private final FileRetry retry;

    RetryPolicy(FileRetry retry) {
        this.retry = retry;
    }

    @Override
    public Object apply(Call call) throws Throwable {
        return retry.call(call.target(), call.deadlineNanos(), call.time(), call);
    }
}
