package dev.resilientio.core.pipeline;

import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.atomic.FailedContent;
import dev.resilientio.core.events.RecoveryFileWritten;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.RetryHandoff;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.seam.SimulatedCrash;
import java.nio.file.Path;

/**
 * Keeps what a call failed to write as a recovery file, once the call has finally failed: outside
 * every other policy, so that an attempt that fails and is retried successfully leaves nothing
 * behind. What is kept is the newest complete content an attempt's atomic write failed to commit;
 * none when the last attempt that ran the write failed in its body.
 *
 * <p>A call nested in an enclosing retrying operation on this thread (which owns the attempts: the
 * nested one runs once per enclosing attempt) does not keep its content itself but hands it to that
 * operation, which keeps it (the newest per target) only if it finally fails too, and discards it
 * when a later attempt succeeds, whether or not that operation keeps failed content of its own.
 * Nested only in a Kotlin helper's retry (a thread mark, not a {@code FileRetry} call), it keeps it
 * at once, as the call's own end is all it can see.
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
        boolean nested = FileRetry.isRetrying();
        try {
            return next.apply(call);
        } catch (Throwable failure) {
            FailedContent content = call.takeFailedContent();
            if (content == null || failure instanceof SimulatedCrash) {
                throw failure;
            }
            Path target = call.writeTarget();
            int attempts = call.writeAttempts();
            if (nested && RetryHandoff.hand(target.toAbsolutePath().normalize(), new RetryHandoff.Handed() {
                @Override
                public Throwable keep(Throwable finalFailure) {
                    return kept(target, content.keepFor(finalFailure, operation, target, attempts, settings));
                }

                @Override
                public void discard() {
                    content.discard();
                }
            })) {
                throw failure;
            }
            throw kept(target, content.keepFor(failure, operation, target, attempts, settings));
        } finally {
            call.discardFailedContent();
        }
    }

    /** The failure as the caller receives it, its recovery file's event published when one was kept. */
    private Throwable kept(Path target, Throwable failure) {
        if (Events.on()) {
            RecoveryFileNotice.in(failure).ifPresent(notice ->
                    Events.publish(new RecoveryFileWritten(operation, target, notice.file(), failure)));
        }
        return failure;
    }
}
