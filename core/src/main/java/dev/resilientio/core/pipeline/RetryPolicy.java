package dev.resilientio.core.pipeline;

import dev.resilientio.core.retry.FileRetry;

/** Runs the rest of the pipeline once per attempt, as the operation's retry settings say, within the call's deadline. */
final class RetryPolicy extends Policy {

    private final FileRetry retry;

    RetryPolicy(FileRetry retry, Policy next) {
        super(next);
        this.retry = retry;
    }

    FileRetry retry() {
        return retry;
    }

    @Override
    Object apply(Call call) throws Throwable {
        Throwable earlier = call.earlierFailure();
        if (earlier != null) {
            return retry.callAfter(earlier, call.target(), call.deadlineNanos(), call.time(), call::openBreaker, () -> {
                call.attemptStarts();
                return next.apply(call);
            });
        }
        return retry.call(call.target(), call.deadlineNanos(), call.time(), call::openBreaker, () -> {
            call.attemptStarts();
            return next.apply(call);
        });
    }
}
