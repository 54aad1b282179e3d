/**
 * The one composition of policies every entry point runs through: a
 * {@link dev.resilientio.core.pipeline.Pipeline} of the policies one operation needs, in the design's
 * order (deadline, retry, lock, recovery from backup, atomic write), and a {@link dev.resilientio.core.pipeline.Call} that
 * carries one call's target, resolved once, its deadline and its atomic write through them to the
 * body. A new policy is one class here and its place in the order.
 */
package dev.resilientio.core.pipeline;
