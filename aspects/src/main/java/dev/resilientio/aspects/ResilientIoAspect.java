package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Applies {@code @RetryFileOperation}, {@code @FileLocked}, {@code @AtomicWrite},
 * {@code @FileCircuitBreaker} and {@code @RecoverFromBackup} to the methods that carry them, woven
 * at compile time (ajc) or at load time (aspectjweaver). It only adapts the join point: the
 * behaviour, its fixed order and its caching per method live in {@link AnnotatedMethod}, which the
 * Byte Buddy agent calls too.
 *
 * <p>One advice covers the five annotations, so a method carrying several of them pays for one
 * closure and the order (retry, circuit breaker, lock, recovery, atomic write) never depends on
 * aspect precedence.
 */
@Aspect
public class ResilientIoAspect {

    /**
     * Per woven class, its join points' resolved methods, by the identity of the join point's static
     * part (one per woven method): cheaper per call than a lookup keyed by {@code Method}, whose
     * {@code equals} compares names and parameter types. Per class, so no application class loader
     * is kept alive.
     */
    private static final ClassValue<ConcurrentHashMap<JoinPoint.StaticPart, AnnotatedMethod>> METHODS =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<JoinPoint.StaticPart, AnnotatedMethod> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

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
            + " || execution(@dev.resilientio.annotations.AtomicWrite * *(..))"
            + " || execution(@dev.resilientio.annotations.FileCircuitBreaker * *(..))"
            + " || execution(@dev.resilientio.annotations.RecoverFromBackup * *(..))")
    public Object applyAnnotations(ProceedingJoinPoint joinPoint) throws Throwable {
        JoinPoint.StaticPart staticPart = joinPoint.getStaticPart();
        ConcurrentHashMap<JoinPoint.StaticPart, AnnotatedMethod> methods =
                METHODS.get(staticPart.getSignature().getDeclaringType());
        AnnotatedMethod method = methods.get(staticPart);
        if (method == null) {
            method = methods.computeIfAbsent(staticPart,
                    part -> AnnotatedMethod.of(((MethodSignature) part.getSignature()).getMethod()));
        }
        return method.invoke(joinPoint.getThis(), joinPoint.getArgs(), joinPoint::proceed);
    }
}
