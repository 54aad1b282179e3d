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
 * as {@code ResilientIoAspect}'s own do, through {@link InlinedAdvice#invoke}.
 *
 * <p>The advice finds its method by the class it runs in, which ajc makes the woven class, and the
 * join point ({@link AnnotatedJoinPoints#of(Class, org.aspectj.lang.JoinPoint.StaticPart)}).
 *
 * <p>One advice per number of parameters, per static or instance method and per kind of result,
 * since AspectJ binds arguments one by one and an {@code Object around()} would box a primitive
 * result: written by {@code scripts/inlined-retry-aspect.py}, which keeps them alike; edit that, not
 * this file. For ajc to inline them they must stay free of {@code invokedynamic}: no lambda and no
 * string concatenation in them.
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

    /** An instance method of 0 parameters, returning an object or nothing. */
    Object around(Object self): retryAlone() && execution(!static (!int && !long && !boolean) *()) && this(self) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** An instance method of 1 parameter, returning an object or nothing. */
    Object around(Object self, Object a0): retryAlone() && execution(!static (!int && !long && !boolean) *(*)) && this(self) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** An instance method of 2 parameters, returning an object or nothing. */
    Object around(Object self, Object a0, Object a1): retryAlone() && execution(!static (!int && !long && !boolean) *(*, *)) && this(self) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** An instance method of 3 parameters, returning an object or nothing. */
    Object around(Object self, Object a0, Object a1, Object a2): retryAlone() && execution(!static (!int && !long && !boolean) *(*, *, *)) && this(self) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** A static method of 0 parameters, returning an object or nothing. */
    Object around(): retryAlone() && execution(static (!int && !long && !boolean) *()) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** A static method of 1 parameter, returning an object or nothing. */
    Object around(Object a0): retryAlone() && execution(static (!int && !long && !boolean) *(*)) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** A static method of 2 parameters, returning an object or nothing. */
    Object around(Object a0, Object a1): retryAlone() && execution(static (!int && !long && !boolean) *(*, *)) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** A static method of 3 parameters, returning an object or nothing. */
    Object around(Object a0, Object a1, Object a2): retryAlone() && execution(static (!int && !long && !boolean) *(*, *, *)) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
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

    /** An instance method of 0 parameters, returning int. */
    int around(Object self): retryAlone() && execution(!static int *()) && this(self) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, null, null, null);
        if (mark != null) {
            int result;
            try {
                result = proceed(self);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, null, null, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, null, null, null)).intValue();
    }

    /** An instance method of 1 parameter, returning int. */
    int around(Object self, Object a0): retryAlone() && execution(!static int *(*)) && this(self) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, null, null);
        if (mark != null) {
            int result;
            try {
                result = proceed(self, a0);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, null, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, null, null)).intValue();
    }

    /** An instance method of 2 parameters, returning int. */
    int around(Object self, Object a0, Object a1): retryAlone() && execution(!static int *(*, *)) && this(self) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, null);
        if (mark != null) {
            int result;
            try {
                result = proceed(self, a0, a1);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, null)).intValue();
    }

    /** An instance method of 3 parameters, returning int. */
    int around(Object self, Object a0, Object a1, Object a2): retryAlone() && execution(!static int *(*, *, *)) && this(self) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, a2);
        if (mark != null) {
            int result;
            try {
                result = proceed(self, a0, a1, a2);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, a2)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1, a2);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, a2)).intValue();
    }

    /** A static method of 0 parameters, returning int. */
    int around(): retryAlone() && execution(static int *()) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, null, null, null);
        if (mark != null) {
            int result;
            try {
                result = proceed();
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, null, null, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed();
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, null, null, null)).intValue();
    }

    /** A static method of 1 parameter, returning int. */
    int around(Object a0): retryAlone() && execution(static int *(*)) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, null, null);
        if (mark != null) {
            int result;
            try {
                result = proceed(a0);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, null, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, null, null)).intValue();
    }

    /** A static method of 2 parameters, returning int. */
    int around(Object a0, Object a1): retryAlone() && execution(static int *(*, *)) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, null);
        if (mark != null) {
            int result;
            try {
                result = proceed(a0, a1);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, null)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, null)).intValue();
    }

    /** A static method of 3 parameters, returning int. */
    int around(Object a0, Object a1, Object a2): retryAlone() && execution(static int *(*, *, *)) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, a2);
        if (mark != null) {
            int result;
            try {
                result = proceed(a0, a1, a2);
            } catch (Throwable first) {
                return ((Integer) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, a2)).intValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1, a2);
        }
        return ((Integer) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, a2)).intValue();
    }

    /** An instance method of 0 parameters, returning long. */
    long around(Object self): retryAlone() && execution(!static long *()) && this(self) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, null, null, null);
        if (mark != null) {
            long result;
            try {
                result = proceed(self);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, null, null, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, null, null, null)).longValue();
    }

    /** An instance method of 1 parameter, returning long. */
    long around(Object self, Object a0): retryAlone() && execution(!static long *(*)) && this(self) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, null, null);
        if (mark != null) {
            long result;
            try {
                result = proceed(self, a0);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, null, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, null, null)).longValue();
    }

    /** An instance method of 2 parameters, returning long. */
    long around(Object self, Object a0, Object a1): retryAlone() && execution(!static long *(*, *)) && this(self) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, null);
        if (mark != null) {
            long result;
            try {
                result = proceed(self, a0, a1);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, null)).longValue();
    }

    /** An instance method of 3 parameters, returning long. */
    long around(Object self, Object a0, Object a1, Object a2): retryAlone() && execution(!static long *(*, *, *)) && this(self) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, a2);
        if (mark != null) {
            long result;
            try {
                result = proceed(self, a0, a1, a2);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, a2)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1, a2);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, a2)).longValue();
    }

    /** A static method of 0 parameters, returning long. */
    long around(): retryAlone() && execution(static long *()) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, null, null, null);
        if (mark != null) {
            long result;
            try {
                result = proceed();
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, null, null, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed();
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, null, null, null)).longValue();
    }

    /** A static method of 1 parameter, returning long. */
    long around(Object a0): retryAlone() && execution(static long *(*)) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, null, null);
        if (mark != null) {
            long result;
            try {
                result = proceed(a0);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, null, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, null, null)).longValue();
    }

    /** A static method of 2 parameters, returning long. */
    long around(Object a0, Object a1): retryAlone() && execution(static long *(*, *)) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, null);
        if (mark != null) {
            long result;
            try {
                result = proceed(a0, a1);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, null)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, null)).longValue();
    }

    /** A static method of 3 parameters, returning long. */
    long around(Object a0, Object a1, Object a2): retryAlone() && execution(static long *(*, *, *)) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, a2);
        if (mark != null) {
            long result;
            try {
                result = proceed(a0, a1, a2);
            } catch (Throwable first) {
                return ((Long) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, a2)).longValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1, a2);
        }
        return ((Long) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, a2)).longValue();
    }

    /** An instance method of 0 parameters, returning boolean. */
    boolean around(Object self): retryAlone() && execution(!static boolean *()) && this(self) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, null, null, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(self);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, null, null, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, null, null, null)).booleanValue();
    }

    /** An instance method of 1 parameter, returning boolean. */
    boolean around(Object self, Object a0): retryAlone() && execution(!static boolean *(*)) && this(self) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, null, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(self, a0);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, null, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, null, null)).booleanValue();
    }

    /** An instance method of 2 parameters, returning boolean. */
    boolean around(Object self, Object a0, Object a1): retryAlone() && execution(!static boolean *(*, *)) && this(self) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(self, a0, a1);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, null)).booleanValue();
    }

    /** An instance method of 3 parameters, returning boolean. */
    boolean around(Object self, Object a0, Object a1, Object a2): retryAlone() && execution(!static boolean *(*, *, *)) && this(self) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(self, a0, a1, a2);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(self, a0, a1, a2);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), self, a0, a1, a2)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(self, a0, a1, a2);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), self, a0, a1, a2)).booleanValue();
    }

    /** A static method of 0 parameters, returning boolean. */
    boolean around(): retryAlone() && execution(static boolean *()) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, null, null, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed();
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, null, null, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed();
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, null, null, null)).booleanValue();
    }

    /** A static method of 1 parameter, returning boolean. */
    boolean around(Object a0): retryAlone() && execution(static boolean *(*)) && args(a0) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, null, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(a0);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, null, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, null, null)).booleanValue();
    }

    /** A static method of 2 parameters, returning boolean. */
    boolean around(Object a0, Object a1): retryAlone() && execution(static boolean *(*, *)) && args(a0, a1) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, null);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(a0, a1);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, null)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, null)).booleanValue();
    }

    /** A static method of 3 parameters, returning boolean. */
    boolean around(Object a0, Object a1, Object a2): retryAlone() && execution(static boolean *(*, *, *)) && args(a0, a1, a2) {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(null, a0, a1, a2);
        if (mark != null) {
            boolean result;
            try {
                result = proceed(a0, a1, a2);
            } catch (Throwable first) {
                return ((Boolean) InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), null, a0, a1, a2)).booleanValue();
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(a0, a1, a2);
        }
        return ((Boolean) InlinedAdvice.invoke(method, MethodHandles.lookup(), null, a0, a1, a2)).booleanValue();
    }
}
