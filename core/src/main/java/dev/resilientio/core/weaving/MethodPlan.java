package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.ThrowingSupplier;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.RetryHandoff;
import dev.resilientio.core.internal.Seam;
import dev.resilientio.core.pipeline.CallOutcomes;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.rules.RecoveryMessages;
import dev.resilientio.core.seam.FaultSeam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one annotated method needs per call, resolved for one configuration snapshot: its
 * pipeline, where its target comes from, the parameter an atomic write redirects, and how its
 * failures reach the caller. A misused method is kept as its message, thrown on every call.
 */
final class MethodPlan {

    /** Numbers plans, for a thread's mark of a call on the fast path. */
    private static final AtomicInteger SERIALS = new AtomicInteger();

    final ResilientIoConfig config;
    final String misuse;
    final boolean enabled;
    final Pipeline pipeline;
    /** The pipeline's retry when it is a retry alone, run around the body without a call object. */
    private final FileRetry retryAlone;
    final MethodTargets.Source target;
    final MethodTargets.ParameterSource redirect;
    /** The parameter {@code @RecoverFromBackup} redirects to a backup, or {@code null}. */
    final MethodTargets.ParameterSource recoverRedirect;
    /** The engine's IOExceptions reach a caller whose method does not declare them as UncheckedIOException. */
    final boolean wrapsIoExceptions;
    /** The method as a WARN names it: {@code com.example.Store.save}. */
    final String where;
    /**
     * Whether a call may take woven code's fast path ({@link #enterFast}): a retry alone, whose
     * attempt needs no call object.
     */
    final boolean fast;
    /** The parameter the target is read from, from 0, or -1 when it comes from elsewhere. */
    final int targetIndex;
    /** This plan's number, unique in the JVM. */
    final int serial = SERIALS.incrementAndGet();

    private MethodPlan(ResilientIoConfig config, String misuse, Method method) {
        this.config = config;
        this.misuse = misuse;
        this.enabled = misuse == null && method != null;
        RetryFileOperation retry = enabled ? method.getAnnotation(RetryFileOperation.class) : null;
        FileLocked lock = enabled ? method.getAnnotation(FileLocked.class) : null;
        AtomicWrite atomic = enabled ? method.getAnnotation(AtomicWrite.class) : null;
        FileCircuitBreaker breaker = enabled ? method.getAnnotation(FileCircuitBreaker.class) : null;
        RecoverFromBackup recover = enabled ? method.getAnnotation(RecoverFromBackup.class) : null;
        if (recover != null) {
            checkRecovery(method, recover, lock, atomic);
        }
        if (enabled) {
            String operation = AnnotatedMethod.operationName(method);
            Pipeline.Builder builder = Pipeline.builder(config.operation(operation, AnnotationSettings.of(retry, lock, atomic)));
            builder.circuitBreaker(config.circuitBreaker(operation, AnnotationSettings.breaker(breaker, operation)),
                    MethodTargets.describe(method), config);
            if (retry != null) {
                builder.retry();
            }
            if (lock != null) {
                builder.lock(lock.mode());
            }
            if (atomic != null) {
                builder.atomicWrite();
            }
            if (recover != null) {
                builder.recoverFromBackup(method.getDeclaringClass().getName() + "." + method.getName(),
                        Arrays.asList(recover.on()), recover.restore());
            }
            this.pipeline = builder.build();
        } else {
            this.pipeline = null;
        }
        this.retryAlone = pipeline == null ? null : pipeline.retryAlone();
        this.recoverRedirect = recover != null ? MethodTargets.forRecovery(method) : null;
        this.target = retry != null || lock != null
                ? MethodTargets.forMethod(method, lock != null ? FileLocked.class : RetryFileOperation.class,
                        lock != null ? lock.path() : "", config)
                : recoverRedirect != null ? recoverRedirect
                : breaker != null ? MethodTargets.forBreaker(method, config) : null;
        this.redirect = atomic != null ? MethodTargets.forRedirect(method) : null;
        this.wrapsIoExceptions = enabled && !declaresIoException(method)
                && !AnnotatedMethod.isKotlin(method.getDeclaringClass());
        this.where = method == null ? null : method.getDeclaringClass().getName() + "." + method.getName();
        this.fast = retryAlone != null;
        this.targetIndex = target instanceof MethodTargets.ParameterSource parameter ? parameter.index() : -1;
    }

    static MethodPlan resolve(Method method, ResilientIoConfig config) {
        if (!config.enabled()) {
            return new MethodPlan(config, null, null);
        }
        try {
            MethodTargets.rejectSuspend(method, firstAnnotation(method));
        } catch (ResilientIoConfigException e) {
            // Its own message names the function as written, without the Continuation kotlinc adds.
            return new MethodPlan(config, e.getMessage(), null);
        }
        try {
            return new MethodPlan(config, null, method);
        } catch (IllegalArgumentException e) {
            String where = MethodTargets.describe(method);
            String message = String.valueOf(e.getMessage());
            return new MethodPlan(config, message.contains(where) ? message : where + ": " + message, null);
        }
    }

    private static Class<? extends Annotation> firstAnnotation(Method method) {
        return method.isAnnotationPresent(RetryFileOperation.class) ? RetryFileOperation.class
                : method.isAnnotationPresent(FileLocked.class) ? FileLocked.class
                : method.isAnnotationPresent(AtomicWrite.class) ? AtomicWrite.class
                : method.isAnnotationPresent(RecoverFromBackup.class) ? RecoverFromBackup.class : FileCircuitBreaker.class;
    }

    /** The misuses of {@code @RecoverFromBackup} that the processor reports at compile time. */
    private static void checkRecovery(Method method, RecoverFromBackup recover, FileLocked lock, AtomicWrite atomic) {
        if (atomic != null) {
            throw new ResilientIoConfigException(RecoveryMessages.withAtomicWrite(MethodTargets.describe(method)));
        }
        if (recover.restore() && lock != null && lock.mode() == LockMode.SHARED) {
            throw new ResilientIoConfigException(RecoveryMessages.restoreUnderSharedLock(MethodTargets.describe(method)));
        }
    }

    void check() {
        if (misuse != null) {
            throw new ResilientIoConfigException(misuse);
        }
    }

    Object invoke(Object self, Object[] arguments, Invocation body) throws Throwable {
        if (!enabled) {
            check();
            return body.proceed(arguments);
        }
        if (retryAlone != null) {
            return retryAlone(self, arguments, body);
        }
        MethodCall call = new MethodCall(this, self, arguments, body);
        try {
            return call.run();
        } catch (IOException e) {
            throw wrapsIoExceptions && !call.thrownByBody(e) ? asCallerSeesIt(e) : e;
        }
    }

    /**
     * The engine's own IOException as a caller whose method does not declare it receives it:
     * unchecked; but inside another retrying call unchanged, so that that retry can retry it.
     */
    private static Exception asCallerSeesIt(IOException engineFailure) {
        return FileRetry.isRetrying() ? engineFailure : new UncheckedIOException(engineFailure.getMessage(), engineFailure);
    }

    /**
     * The body in its retry, as the pipeline would run it, with the same rule for wrapping the
     * engine's failures, the same faults a test's seam injects before each attempt, and the same
     * event at its end.
     */
    private Object retryAlone(Object self, Object[] arguments, Invocation body) throws Throwable {
        Path file = target.of(self, arguments);
        Throwable[] bodyFailure = wrapsIoExceptions ? new Throwable[1] : null;
        try {
            return Events.on() ? observedRetryAlone(file, arguments, body, bodyFailure)
                    : retryAlone(file, arguments, body, null, bodyFailure);
        } catch (IOException e) {
            throw bodyFailure != null && e != bodyFailure[0] ? asCallerSeesIt(e) : e;
        }
    }

    /**
     * Begins a call on woven code's fast path, when nobody observes the engine, no fault seam is
     * installed and the thread is inside no retrying operation: resolves the target, as
     * {@link #retryAlone(Object, Object[], Invocation)} does before the body (a {@code null} or invalid
     * one fails here, the same way), and marks the thread as inside this retrying operation, as its
     * owner, until {@link RetryHandoff.State#leave()} or {@link #retryAfterFirstFailure} ends the mark.
     *
     * @param self the instance, or {@code null}
     * @param argument the argument at {@link #targetIndex}, when that is a parameter
     * @return the thread's state, marked; {@code null} for the ordinary path
     */
    RetryHandoff.State enterFast(Object self, Object argument) {
        if (Events.on() || Seam.installed()) {
            return null;
        }
        RetryHandoff.State state = RetryHandoff.current();
        if (state.retrying()) {
            return null;
        }
        // A Path argument is its own target; anything else (null, a File, a String, a member) is
        // resolved as the ordinary path does, out of the code that woven methods inline.
        if (!(targetIndex >= 0 && argument instanceof Path)) {
            resolveTarget(self, argument);
        }
        state.enter(serial);
        return state;
    }

    /**
     * The rest of a call that {@link #enterFast} began and whose first attempt, the body run by woven
     * code, failed: the attempts that {@link #retryAlone(Object, Object[], Invocation)} would make
     * after it, with the same rule for wrapping the engine's failures and the same faults a test's
     * seam injects before each attempt. The target is resolved again from the same arguments (or, for
     * a {@code @TargetFile} member, read again).
     */
    Object retryAfterFirstFailure(Throwable first, Object self, Object[] arguments, Invocation body) throws Throwable {
        if (!fast) {
            // Not the plan the call began with (see AnnotatedMethod#retryAfterFirstFailure), and not one that retries.
            RetryHandoff.current().leave();
            throw first;
        }
        boolean handedOver = false;
        Throwable[] bodyFailure = wrapsIoExceptions ? new Throwable[] {first} : null;
        try {
            Path file = targetAgain(self, arguments);
            String operation = retryAlone.operation();
            ThrowingSupplier<Object, Throwable> attempt = () -> {
                Seam.before(FaultSeam.Step.ATTEMPT, operation, file);
                if (bodyFailure == null) {
                    return body.proceed(arguments);
                }
                try {
                    return body.proceed(arguments);
                } catch (Throwable failure) {
                    bodyFailure[0] = failure;
                    throw failure;
                }
            };
            handedOver = true;
            return retryAlone.callAfterFirstFailure(file, first, attempt);
        } catch (IOException e) {
            throw bodyFailure != null && e != bodyFailure[0] ? asCallerSeesIt(e) : e;
        } finally {
            if (!handedOver) {
                // The retry, which ends the thread's mark, never began.
                RetryHandoff.current().leave();
            }
        }
    }

    private void resolveTarget(Object self, Object argument) {
        if (targetIndex >= 0) {
            ((MethodTargets.ParameterSource) target).ofArgument(argument);
        } else {
            target.of(self, null);
        }
    }

    /**
     * The target of a call whose first attempt failed on the fast path, resolved again: it was before
     * the body too, so only a {@code @TargetFile} member the body changed fails now. The target names
     * the file in logs and to a test's seam: the retry goes on without it, as it would have.
     */
    private Path targetAgain(Object self, Object[] arguments) {
        try {
            return target.of(self, arguments);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The retry alone with the event that ends the call, which carries the failure before it is wrapped, as a pipeline's does. */
    private Object observedRetryAlone(Path file, Object[] arguments, Invocation body, Throwable[] bodyFailure)
            throws Throwable {
        EngineTime time = EngineTime.current();
        long start = time.nanoTime();
        int[] attempts = new int[1];
        Object result;
        try {
            result = retryAlone(file, arguments, body, attempts, bodyFailure);
        } catch (Throwable failure) {
            CallOutcomes.failed(retryAlone.operation(), file, attempts[0], failure, time.nanoTime() - start);
            throw failure;
        }
        CallOutcomes.succeeded(retryAlone.operation(), file, attempts[0], time.nanoTime() - start);
        return result;
    }

    /**
     * Runs the body in its retry, counting the attempts when {@code attempts} is given and keeping
     * the body's own failure when {@code bodyFailure} is given.
     */
    private Object retryAlone(Path file, Object[] arguments, Invocation body, int[] attempts, Throwable[] bodyFailure)
            throws Throwable {
        String operation = retryAlone.operation();
        return retryAlone.call(file, () -> {
            if (attempts != null) {
                attempts[0]++;
            }
            Seam.before(FaultSeam.Step.ATTEMPT, operation, file);
            if (bodyFailure == null) {
                return body.proceed(arguments);
            }
            try {
                return body.proceed(arguments);
            } catch (Throwable failure) {
                bodyFailure[0] = failure;
                throw failure;
            }
        });
    }

    private static boolean declaresIoException(Method method) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(IOException.class)) {
                return true;
            }
        }
        return false;
    }
}
