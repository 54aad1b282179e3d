package dev.resilientio.core.pipeline;

import dev.resilientio.core.internal.Seam;
import dev.resilientio.core.seam.FaultSeam;

/**
 * One job applied around a call (a deadline, retry, a lock, an atomic write): it does its part and
 * runs the rest of the pipeline with {@code next.apply(call)}, once or, for a retry, once per
 * attempt. The policies of a pipeline are linked once, when it is built, so a call passes through
 * distinct methods and never re-enters one: the JIT can then inline the whole chain and keep a
 * call's state off the heap. A new capability is a new policy and its place in
 * {@link Pipeline.Builder#build()}'s order.
 */
abstract class Policy {

    /** The rest of the pipeline; the last policy's is the body. */
    final Policy next;

    Policy(Policy next) {
        this.next = next;
    }

    abstract Object apply(Call call) throws Throwable;

    /** The end of every pipeline: the call's own work. */
    static final class Body extends Policy {

        static final Body INSTANCE = new Body();

        private Body() {
            super(null);
        }

        @Override
        Object apply(Call call) throws Throwable {
            if (call.readFrom() == null) {
                // A backup read by recovery is no attempt of its own: a fault set for the next attempts waits.
                Seam.before(FaultSeam.Step.ATTEMPT, call.operation(), call.target() != null ? call.target() : call.writeTarget());
            }
            return call.body();
        }
    }
}
