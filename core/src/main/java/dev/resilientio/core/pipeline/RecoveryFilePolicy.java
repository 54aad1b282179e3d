package dev.resilientio.core.pipeline;

import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.atomic.FailedContent;

/**
 * Keeps what a call failed to write as a recovery file, once the call has finally failed: outside
 * every other policy, so that an attempt that fails and is retried successfully leaves nothing
 * behind. What is kept is the newest complete content an attempt's atomic write failed to commit;
 * none when the last attempt that ran the write failed in its body.
 */
final class RecoveryFilePolicy extends Policy {

    private final String operation;
    private final AtomicSettings settings;

    RecoveryFilePolicy(String operation, AtomicSettings settings, Policy next) {
        super(next);
        this.operation = operation;
        this.settings = settings;
    }

    @Override
    Object apply(Call call) throws Throwable {
        try {
            return next.apply(call);
        } catch (Throwable failure) {
            FailedContent content = call.takeFailedContent();
            if (content == null) {
                throw failure;
            }
            throw content.keepFor(failure, operation, call.writeTarget(), call.writeAttempts(), settings);
        } finally {
            call.discardFailedContent();
        }
    }
}
