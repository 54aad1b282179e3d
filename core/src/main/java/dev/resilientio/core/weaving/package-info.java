/**
 * The entry points that woven code calls: the AspectJ aspects and the Byte Buddy agent adapt a join
 * point to {@link dev.resilientio.core.weaving.AnnotatedMethod} and nothing more, so every way of
 * weaving has one behaviour. The agent's inlined advice enters through
 * {@link dev.resilientio.core.weaving.InlinedAdvice} and marks what it wove with
 * {@link dev.resilientio.core.weaving.WeavingMarkers}; {@link dev.resilientio.core.weaving.WeavingCheck}
 * tells whether a class was woven at all. A method's annotations are resolved here once per
 * configuration snapshot into its target, its settings and its pipeline.
 */
package dev.resilientio.core.weaving;
