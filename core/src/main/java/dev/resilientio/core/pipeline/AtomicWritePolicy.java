package dev.resilientio.core.pipeline;

import dev.resilientio.core.atomic.AtomicFileWriter;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.seam.SimulatedCrash;

/**
 * Gives each attempt a fresh temp file beside the write target and, when the rest of the pipeline
 * returns normally, commits it over the target; a failure leaves the target untouched. A write
 * target that is itself the temp of an atomic write running now is written as it is: the outer
 * write commits it.
 *
 * <p>When the settings keep failed content, the complete content of an attempt whose commit failed
 * (or the bytes the engine failed to write) is handed to the call, for {@link RecoveryFilePolicy}
 * to keep should the call finally fail; a later attempt's write discards it.
 */
final class AtomicWritePolicy extends Policy {

    private final AtomicSettings settings;

    AtomicWritePolicy(AtomicSettings settings, Policy next) {
        super(next);
        this.settings = settings;
    }

    @Override
    Object apply(Call call) throws Throwable {
        if (RunningTemps.contains(call.writeTarget())) {
            return next.apply(call);
        }
        boolean keepFailed = settings.keepFailed();
        if (keepFailed) {
            call.startWriteAttempt();
        }
        try (AtomicWriteSession session = AtomicFileWriter.begin(call.resolvedWriteTarget(), settings, call.operation())) {
            Object result;
            call.session(session);
            RunningTemps.add(session.temp());
            try {
                result = next.apply(call);
            } catch (SimulatedCrash crash) {
                // Before the commit (at the attempt, or in the body): the temp stays as the "killed" writer left it.
                throw session.crashed(crash);
            } catch (Throwable failure) {
                if (keepFailed) {
                    // Only the engine's own bytes are complete when the body threw: a body's half-written temp never is.
                    call.failedContent(session.failedContent());
                }
                throw failure;
            } finally {
                RunningTemps.remove(session.temp());
                call.session(null);
            }
            try {
                session.commit();
            } catch (Throwable failure) {
                if (keepFailed && !(failure instanceof SimulatedCrash)) {
                    call.failedContent(session.failedContent());
                }
                throw failure;
            }
            return result;
        }
    }
}
