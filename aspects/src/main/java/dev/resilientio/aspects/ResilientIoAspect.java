package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Applies {@code @RetryFileOperation}, {@code @FileLocked} and {@code @AtomicWrite} to the methods
 * that carry them, woven at compile time (ajc) or at load time (aspectjweaver). It only adapts the
 * join point: the behaviour, its fixed order and its caching per method live in
 * {@link AnnotatedMethod}, which the Byte Buddy agent calls too.
 *
 * <p>One advice covers the three annotations, so a method carrying several of them pays for one
 * closure and the order (retry, lock, atomic write) never depends on aspect precedence.
 */
@Aspect
public class ResilientIoAspect {

    /** Creates the aspect; AspectJ makes the one instance. */
    public ResilientIoAspect() {
    }

    /**
     * Runs an annotated method's body under its annotations.
     *
     * @param joinPoint the method execution
     * @return the method's result
     * @throws Throwable the method's failure, unchanged, or the engine's
     */
    @Around("execution(@dev.resilientio.annotations.RetryFileOperation * *(..))"
            + " || execution(@dev.resilientio.annotations.FileLocked * *(..))"
            + " || execution(@dev.resilientio.annotations.AtomicWrite * *(..))")
    public Object applyAnnotations(ProceedingJoinPoint joinPoint) throws Throwable {
        AnnotatedMethod method = AnnotatedMethod.of(((MethodSignature) joinPoint.getSignature()).getMethod());
        return method.invoke(joinPoint.getThis(), joinPoint.getArgs(), joinPoint::proceed);
    }
}
