package dev.resilientio.benchmarks.subjects;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * The least an annotation-style around advice that runs the body with its arguments can do: what
 * that style costs per call (join point, closure and argument arrays), the floor of resilient-io's
 * advice for the other annotations; its advice for {@code @RetryFileOperation} alone, in AspectJ's own
 * syntax and inlined by ajc, has none of it.
 */
@Aspect
public class BareAroundAspect {

    /** Creates the aspect; AspectJ makes the one instance. */
    public BareAroundAspect() {
    }

    /**
     * Runs the body, nothing else.
     *
     * @param joinPoint the method execution
     * @return the body's result
     * @throws Throwable the body's failure
     */
    @Around("execution(@dev.resilientio.benchmarks.subjects.BareAround * *(..))")
    public Object proceed(ProceedingJoinPoint joinPoint) throws Throwable {
        return joinPoint.proceed(joinPoint.getArgs());
    }
}
