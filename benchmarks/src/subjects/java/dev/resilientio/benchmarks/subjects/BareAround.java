package dev.resilientio.benchmarks.subjects;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the method that {@link BareAroundAspect} wraps: the P1 floor of any AspectJ around advice. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BareAround {
}
