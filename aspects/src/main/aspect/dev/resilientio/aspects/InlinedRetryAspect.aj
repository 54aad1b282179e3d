package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import dev.resilientio.core.weaving.InlinedAdvice;
import java.lang.invoke.MethodHandles;

/**
 * The advice of {@link ResilientIoAspect}, which extends this aspect, for the methods that carry
 * {@code @RetryFileOperation} alone (none of {@code @FileLocked}, {@code @AtomicWrite},
 * {@code @FileCircuitBreaker}, {@code @RecoverFromBackup}) and take at most three parameters, all
 * objects; {@code ResilientIoAspect}'s own advice applies the annotations to every other method.
 * Written in AspectJ's own syntax, not as an {@code @Aspect} class, so that ajc inlines it into the
 * woven method: its advice names neither {@code thisJoinPoint} nor a closure, so a call that
 * succeeds the first time builds neither a join point nor an array of its arguments. Abstract, and
 * inherited, so that builds and {@code aop.xml} files keep naming the one aspect.
 *
 * <p>The advice asks {@link AnnotatedMethod#enterFast} whether the call can take the fast path (a retry
 * alone, nobody observing, no test seam, not inside another retry): then it runs the body once, right
 * here, and only when that fails hands the failure to the engine, whose further attempts call the
 * method again ({@link InlinedAdvice#isBody} lets that entry through to the body). Any other call runs
 * as {@code ResilientIoAspect}'s own do, through {@link InlinedAdvice#invoke}. One advice per number of
 * parameters and per static or instance method, since AspectJ binds arguments only one by one.
 *
 * <p>For ajc to inline it the advice must stay free of {@code invokedynamic}: no lambda and no string
 * concatenation in it.
 */
public abstract aspect InlinedRetryAspect {

    /** The methods this advice applies {@code @RetryFileOperation} to; {@code ResilientIoAspect}'s own takes the rest. */
    public pointcut retryAlone():
            execution(@dev.resilientio.annotations.RetryFileOperation * *(..))
            && !execution(@dev.resilientio.annotations.FileLocked * *(..))
            && !execution(@dev.resilientio.annotations.AtomicWrite * *(..))
            && !execution(@dev.resilientio.annotations.FileCircuitBreaker * *(..))
            && !execution(@dev.resilientio.annotations.RecoverFromBackup * *(..))
            && (execution(* *()) || execution(* *(Object+)) || execution(* *(Object+, Object+))
                || execution(* *(Object+, Object+, Object+)));

    /** An instance method of 0 parameters. */
    Object around(Object self): retryAlone() && execution(!static * *()) && this(self) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(self, null, null, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed(self);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, null, null, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), self, null, null, null);
    }

    /** An instance method of 1 parameter. */
    Object around(Object self, Object a0): retryAlone() && execution(!static * *(*)) && this(self) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, null, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed(self, a0);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, null, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, null, null);
    }

    /** An instance method of 2 parameters. */
    Object around(Object self, Object a0, Object a1): retryAlone() && execution(!static * *(*, *)) && this(self) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed(self, a0, a1);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, null);
    }

    /** An instance method of 3 parameters. */
    Object around(Object self, Object a0, Object a1, Object a2): retryAlone() && execution(!static * *(*, *, *)) && this(self) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, a2);
        if (mark != null) {
            Object result;
            try {
                result = proceed(self, a0, a1, a2);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, a2);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1, a2);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, a2);
    }

    /** A static method of 0 parameters. */
    Object around(): retryAlone() && execution(static * *()) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(null, null, null, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed();
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, null, null, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed();
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), null, null, null, null);
    }

    /** A static method of 1 parameter. */
    Object around(Object a0): retryAlone() && execution(static * *(*)) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, null, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed(a0);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, null, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, null, null);
    }

    /** A static method of 2 parameters. */
    Object around(Object a0, Object a1): retryAlone() && execution(static * *(*, *)) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, null);
        if (mark != null) {
            Object result;
            try {
                result = proceed(a0, a1);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, null);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, null);
    }

    /** A static method of 3 parameters. */
    Object around(Object a0, Object a1, Object a2): retryAlone() && execution(static * *(*, *, *)) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, a2);
        if (mark != null) {
            Object result;
            try {
                result = proceed(a0, a1, a2);
            } catch (Throwable first) {
                return InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, a2);
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1, a2);
        }
        return InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, a2);
    }
}
