/**
 * The entry points that woven code calls: the AspectJ aspects and the Byte Buddy agent adapt a join
 * point to {@link dev.resilientio.core.weaving.AnnotatedMethod} and nothing more, so every way of
 * weaving has one behaviour. {@link dev.resilientio.core.weaving.WeavingCheck} tells whether a
 * class was woven at all.
 */
package dev.resilientio.core.weaving;
