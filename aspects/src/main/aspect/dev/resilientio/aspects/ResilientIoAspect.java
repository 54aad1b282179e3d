package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * Applies {@code @RetryFileOperation}, {@code @FileLocked}, {@code @AtomicWrite},
 * {@code @FileCircuitBreaker} and {@code @RecoverFromBackup} to the methods that carry them, woven
 * at compile time (ajc) or at load time (aspectjweaver). It only adapts the join point: the
 * behaviour, its fixed order and its caching per method live in {@link AnnotatedMethod}, which the
 * Byte Buddy agent calls too.
 *
 * <p>One advice covers the five annotations, so a method carrying several of them pays for one
 * closure and the order (retry, circuit breaker, lock, recovery, atomic write) never depends on
 * aspect precedence. A method with {@code @RetryFileOperation} alone and at most three parameters,
 * all objects, takes the advice inherited from {@code InlinedRetryAspect} instead, which ajc inlines,
 * so that a call that succeeds at once builds no join point, closure or array of arguments.
 */
@Aspect
public class ResilientIoAspect extends InlinedRetryAspect {

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
    @Around("!dev.resilientio.aspects.InlinedRetryAspect.retryAlone() && ("
            + "execution(@dev.resilientio.annotations.RetryFileOperation * *(..))"
            + " || execution(@dev.resilientio.annotations.FileLocked * *(..))"
            + " || execution(@dev.resilientio.annotations.AtomicWrite * *(..))"
            + " || execution(@dev.resilientio.annotations.FileCircuitBreaker * *(..))"
            + " || execution(@dev.resilientio.annotations.RecoverFromBackup * *(..)))")
    public Object applyAnnotations(ProceedingJoinPoint joinPoint) throws Throwable {
        AnnotatedMethod method = AnnotatedJoinPoints.of(joinPoint.getStaticPart());
        return method.invoke(joinPoint.getThis(), joinPoint.getArgs(), joinPoint::proceed);
    }
}
