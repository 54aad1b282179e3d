package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.RetryHandoff;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One method carrying {@code @RetryFileOperation}, {@code @FileLocked} and/or {@code @AtomicWrite}:
 * the entry point of the aspects' and the agent's advice. Woven code calls {@link #of(Method)} once
 * per join point and {@link #invoke(Object, Object[], Invocation)} per call. Thread-safe.
 *
 * <p>The method is resolved once per configuration snapshot ({@link MethodPlan}): its operation
 * name, its settings with their precedence, its target file and the parameter to redirect, and the
 * engine's pipeline for its annotations; whatever order the annotations are written in, a call runs
 * retry (outermost), then the lock, then the atomic write, and each attempt takes the lock again and
 * writes a fresh temp file. With {@code RESILIENT_IO_ENABLED=false} the body runs as it is.
 *
 * <p>With {@code @RecoverFromBackup}, a call whose body fails on corrupt content runs the body again
 * with its target argument redirected to each trusted backup in turn, inside the lock (see
 * {@link dev.resilientio.core.pipeline.Pipeline.Builder#recoverFromBackup}).
 *
 * <p>An {@code @AtomicWrite} body that returns without writing anything to the temp it was given
 * replaces the target with an empty file: an empty content may be meant, so it is committed, but
 * when the target had content this is logged at WARN naming the class and method, the target and
 * its former size. A body that means to keep the target throws instead.
 */
public final class AnnotatedMethod {

    /** Per declaring class, so that a cached method never keeps an application's class loader alive. */
    private static final ClassValue<ConcurrentHashMap<Method, AnnotatedMethod>> METHODS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, AnnotatedMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private final Method method;
    private volatile MethodPlan plan;
    /** The plan before {@link #plan}, for a call on the fast path that began under it. */
    private volatile MethodPlan previous;

    /** The method's own code as {@link InlinedAdvice} re-enters it; set on first use, the same either way. */
    volatile MethodHandle body;

    /**
     * How {@link InlinedAdvice} names this method (the name-and-descriptor constant of its advice;
     * the class is the method's own), so that the body's own entry is recognised without a lookup;
     * set before the method is published in the advice's table.
     */
    String adviceKey;

    private AnnotatedMethod(Method method) {
        this.method = method;
    }

    /**
     * Returns the resolved form of a method; cheap after the first call for that method.
     *
     * @param method the annotated method
     * @return its resolved form
     */
    public static AnnotatedMethod of(Method method) {
        ConcurrentHashMap<Method, AnnotatedMethod> methods = METHODS.get(method.getDeclaringClass());
        AnnotatedMethod known = methods.get(method);
        return known != null ? known : methods.computeIfAbsent(method, AnnotatedMethod::new);
    }

    /**
     * Returns the method.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }

    /**
     * Returns the operation name: {@code @RetryFileOperation}'s {@code name}, else
     * {@code SimpleClassName.method}; it keys the per-operation variables and the logs.
     *
     * @return the name
     */
    public String operation() {
        return operationName(method);
    }

    /**
     * Resolves the settings this method runs with under a configuration: its operation's settings,
     * with its annotations' attributes as the caller's overrides, by the configuration's precedence.
     * For tools that show them (an actuator endpoint); calls resolve their own once per snapshot.
     *
     * @param config the configuration, such as {@link ResilientIoConfig#global()}
     * @return the settings
     * @throws ResilientIoConfigException when a value is bad; the message names where it came from
     */
    public OperationSettings settings(ResilientIoConfig config) {
        return config.operation(operation(), AnnotationSettings.of(method.getAnnotation(RetryFileOperation.class),
                method.getAnnotation(FileLocked.class), method.getAnnotation(AtomicWrite.class)));
    }

    /**
     * Checks the annotation use and the configuration of this method now, rather than on its first call.
     *
     * @throws ResilientIoConfigException when the method's annotations cannot be applied; the
     *     message names the class, the method and the fix
     */
    public void validate() {
        plan().check();
    }

    /**
     * Runs one call of the method under its annotations.
     *
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments; not modified
     * @param body the method's own body
     * @return the body's result
     * @throws Throwable the body's failure, unchanged; or the engine's: a lock timeout, a failed
     *     commit ({@code IOException}s, wrapped in {@link UncheckedIOException} when the method does
     *     not declare them), or a {@link ResilientIoConfigException} for misused annotations
     */
    public Object invoke(Object self, Object[] arguments, Invocation body) throws Throwable {
        return plan().invoke(self, arguments, body);
    }

    /**
     * Begins a call on woven code's fast path when it can take it: under the configuration of now, the
     * method's annotations make a retry alone (no lock, atomic write, circuit breaker, recovery or
     * deadline, and resilient-io not switched off), nobody observes the engine (no listener, no JFR
     * recording), no test's fault seam is installed, and the calling thread is inside no retrying
     * operation. Then
     * the call's target is resolved, as on the ordinary path before the body, and the thread is
     * marked as inside this call, the owner of its attempts; the caller runs the body once itself and
     * ends the call with {@link #exitFast(Object)} when it returns, or with
     * {@link InlinedAdvice#afterFirstFailure} when it throws. For AspectJ's advice, which binds the
     * first three arguments; unused ones are {@code null}.
     *
     * @param self the instance, or {@code null} for a static method
     * @param a0 the first argument, or {@code null}
     * @param a1 the second argument, or {@code null}
     * @param a2 the third argument, or {@code null}
     * @return the mark to hand back, or {@code null}: run the call on the ordinary path
     * @throws IllegalArgumentException when the target argument is {@code null}, as the ordinary path says
     * @throws ResilientIoConfigException when a setting is bad, as the ordinary path says
     */
    public Object enterFast(Object self, Object a0, Object a1, Object a2) {
        MethodPlan current = currentPlan();
        if (!current.fast) {
            return null;
        }
        int index = current.targetIndex;
        if (index > 2) {
            return null;
        }
        return current.enterFast(self, index == 0 ? a0 : index == 1 ? a1 : index == 2 ? a2 : null);
    }

    /**
     * Begins a call on woven code's fast path, as {@link #enterFast(Object, Object, Object, Object)},
     * for the agent's woven code, which passes the target argument alone, as
     * {@link InlinedAdvice#enterFast InlinedAdvice's bootstrap} finds it.
     *
     * @param self the instance, or {@code null} for a static method
     * @param index the position of the parameter the target is read from, or -1 for none
     * @param argument the argument at {@code index}, or {@code null}
     * @return the mark to hand back, or {@code null}: run the call on the ordinary path
     * @throws IllegalArgumentException when the target argument is {@code null}, as the ordinary path says
     * @throws ResilientIoConfigException when a setting is bad, as the ordinary path says
     */
    public Object enterFast(Object self, int index, Object argument) {
        MethodPlan current = currentPlan();
        if (!current.fast || index != current.targetIndex) {
            return null;
        }
        return current.enterFast(self, argument);
    }

    /**
     * Ends a call that {@link #enterFast(Object, Object, Object, Object)} began and whose body returned.
     *
     * @param mark what {@code enterFast} returned; {@code null} does nothing
     */
    public static void exitFast(Object mark) {
        if (mark != null) {
            ((RetryHandoff.State) mark).leave();
        }
    }

    /**
     * Runs the rest of a call that {@code enterFast} began and whose body, run once by woven code,
     * failed: the retries, logs, backoff and wrapping of the ordinary path after that failure. The
     * call's mark ends here.
     *
     * @param mark what {@code enterFast} returned
     * @param first the body's failure
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments, the same objects the body was first called with
     * @param body the method's own body, for the attempts that follow
     * @return the result of a later attempt
     * @throws Throwable the last failure, with the earlier ones suppressed, as on the ordinary path
     */
    Object retryAfterFirstFailure(Object mark, Throwable first, Object self, Object[] arguments, Invocation body)
            throws Throwable {
        // The plan the call began with, whatever a reload meanwhile made the method's; should two reloads
        // have replaced it, the one now (which ends the call with this failure unless it retries alone).
        RetryHandoff.State state = (RetryHandoff.State) mark;
        int owner = state.owner();
        MethodPlan current = plan;
        MethodPlan before = previous;
        MethodPlan began;
        try {
            began = current != null && current.serial == owner ? current
                    : before != null && before.serial == owner ? before : plan();
        } catch (RuntimeException badConfiguration) {
            state.leave();
            badConfiguration.addSuppressed(first);
            throw badConfiguration;
        }
        return began.retryAfterFirstFailure(first, self, arguments, body);
    }

    /** The index of the parameter the target is read from under the current configuration, or -1. */
    int targetIndex() {
        try {
            return plan().targetIndex;
        } catch (RuntimeException badConfiguration) {
            // Thrown again by the call itself, which then takes the ordinary path.
            return -1;
        }
    }

    /**
     * {@link #plan()}, its usual case first: resolved for the configuration of now. The first call
     * and the first after a reload resolve it here too, so that woven code takes its fast path from
     * the start and its ordinary path's branch stays cold (C2 leaves out a branch never taken).
     */
    private MethodPlan currentPlan() {
        MethodPlan current = plan;
        return current != null && current.config == ResilientIoConfig.global() ? current : plan();
    }

    private MethodPlan plan() {
        ResilientIoConfig config = ResilientIoConfig.global();
        MethodPlan current = plan;
        if (current == null || current.config != config) {
            previous = current;
            current = MethodPlan.resolve(method, config);
            plan = current;
        }
        return current;
    }

    static String operationName(Method method) {
        RetryFileOperation retry = method.getAnnotation(RetryFileOperation.class);
        if (retry != null && !retry.name().isEmpty()) {
            return retry.name();
        }
        Class<?> type = method.getDeclaringClass();
        if (isKotlinCompanion(type)) {
            type = type.getEnclosingClass();
        }
        String simple = type.getSimpleName();
        if (simple.isEmpty()) {
            String name = type.getName();
            simple = name.substring(name.lastIndexOf('.') + 1);
        }
        return simple + "." + method.getName();
    }

    /**
     * Whether a class is a Kotlin companion object, which its enclosing class holds in a static
     * field of the companion's own name: its functions are named after the enclosing class, as
     * Kotlin callers write them and as {@code @JvmStatic} bridges are.
     */
    private static boolean isKotlinCompanion(Class<?> type) {
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing == null || !isKotlin(type)) {
            return false;
        }
        try {
            Field field = enclosing.getDeclaredField(type.getSimpleName());
            return field.getType() == type && Modifier.isStatic(field.getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** Kotlin has no checked exceptions: its callers catch IOExceptions whatever the signature says. */
    static boolean isKotlin(Class<?> type) {
        for (Annotation annotation : type.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().equals("kotlin.Metadata")) {
                return true;
            }
        }
        return false;
    }
}
