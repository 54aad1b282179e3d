package dev.resilientio.core.pipeline;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.CallCompleted.Outcome;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.seam.SimulatedCrash;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The event that closes a call, for every entry point: its outcome told from its attempts and
 * failure, published. A call a test's seam crashed publishes none, as a killed process would not.
 */
public final class CallOutcomes {

    private CallOutcomes() {
    }

    /**
     * Publishes the event of a call that returned.
     *
     * @param operation the operation's name
     * @param target the file, or {@code null}
     * @param attempts the attempts a retry counted, 0 when the call ran without one (then it made one)
     * @param nanos how long it took, on the engine's time
     */
    public static void succeeded(String operation, Path target, int attempts, long nanos) {
        Events.publish(new CallCompleted(operation, target, attempts > 1 ? Outcome.SUCCESS_AFTER_RETRY : Outcome.SUCCESS,
                Math.max(1, attempts), Duration.ofNanos(nanos), null));
    }

    /**
     * Publishes the event of a call that failed: refused by a breaker when it ends with the breaker's
     * refusal; none for a crash a test's seam simulated.
     *
     * @param operation the operation's name
     * @param target the file, or {@code null}
     * @param attempts the attempts a retry counted, 0 when the call ran without one
     * @param failure what the caller receives
     * @param nanos how long it took, on the engine's time
     */
    public static void failed(String operation, Path target, int attempts, Throwable failure, long nanos) {
        if (failure instanceof SimulatedCrash) {
            return;
        }
        boolean refused = failure instanceof FileCircuitOpenException;
        // A refusal's attempt never ran its body; the attempts before it did.
        int made = attempts == 0 ? (refused ? 0 : 1) : (refused ? attempts - 1 : attempts);
        Events.publish(new CallCompleted(operation, target, refused ? Outcome.REFUSED_BY_BREAKER : Outcome.FAILED, made,
                Duration.ofNanos(nanos), failure));
    }
}
