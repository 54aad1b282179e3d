package dev.resilientio.core.pipeline;

/**
 * One job applied around a call (a deadline, retry, a lock, an atomic write): it does its part and
 * runs the rest of the pipeline with {@link Call#proceed()}, once or, for a retry, once per attempt.
 * A new capability is a new policy and its place in {@link Pipeline.Builder#build()}'s order.
 */
interface Policy {

    Object apply(Call call) throws Throwable;
}
