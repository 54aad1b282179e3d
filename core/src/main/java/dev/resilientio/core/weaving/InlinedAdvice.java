package dev.resilientio.core.weaving;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of advice that is inlined into an annotated method (the Byte Buddy agent): enter
 * and exit halves around the method's own body, where {@link AnnotatedMethod} needs the body as
 * something it can call, once per attempt. Thread-safe.
 *
 * <p>The enter half runs the whole call through {@link AnnotatedMethod#invoke}, whose body calls
 * the method's own code again (never an override); that second entry is let through to the real body. The exit half hands the
 * outcome back as the method's return value or exception.
 */
public final class InlinedAdvice {

    /** The method whose next entry on this thread is the body itself, called from {@link #enter}. */
    private static final ThreadLocal<Method> PROCEEDING = new ThreadLocal<>();

    /** Methods that an agent instrumented, as {@code class#name(descriptor)}: the weaving check's evidence. */
    private static final Set<String> INSTRUMENTED = ConcurrentHashMap.newKeySet();

    private InlinedAdvice() {
    }

    /**
     * Records that an agent put this advice into a method, as the class was loaded or retransformed.
     *
     * @param className the class's binary name
     * @param methodName the method's name
     * @param descriptor the method's JVM descriptor, such as {@code (Ljava/nio/file/Path;)V}
     */
    public static void instrumented(String className, String methodName, String descriptor) {
        INSTRUMENTED.add(className + "#" + methodName + descriptor);
    }

    /**
     * Tells whether an agent put this advice into the method.
     *
     * @param method the method
     * @return {@code true} when {@link #instrumented} was told of it
     */
    public static boolean isInstrumented(Method method) {
        return !INSTRUMENTED.isEmpty() && INSTRUMENTED.contains(method.getDeclaringClass().getName() + "#"
                + method.getName() + MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                        .toMethodDescriptorString());
    }

    /**
     * Runs the call under the method's annotations, unless this entry is that call's own body.
     *
     * @param method the annotated method
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments
     * @return {@code null} to run the body as it is; otherwise the outcome, for {@link #failure} and {@link #result}
     */
    public static Object enter(Method method, Object self, Object[] arguments) {
        if (method.equals(PROCEEDING.get())) {
            PROCEEDING.remove();
            return null;
        }
        Outcome outcome = new Outcome();
        try {
            AnnotatedMethod annotated = AnnotatedMethod.of(method);
            outcome.value = annotated.invoke(self, arguments, args -> proceed(annotated, self, args));
        } catch (Throwable failure) {
            outcome.failure = failure;
        }
        return outcome;
    }

    /**
     * Returns what the call threw, to rethrow from the method.
     *
     * @param outcome what {@link #enter} returned
     * @return the failure, or {@code null} when the call returned
     */
    public static Throwable failure(Object outcome) {
        return ((Outcome) outcome).failure;
    }

    /**
     * Returns what the call returned, to return from the method.
     *
     * @param outcome what {@link #enter} returned
     * @return the result ({@code null} for {@code void})
     */
    public static Object result(Object outcome) {
        return ((Outcome) outcome).value;
    }

    private static Object proceed(AnnotatedMethod annotated, Object self, Object[] arguments) throws Throwable {
        Method method = annotated.method();
        MethodHandle body = annotated.body;
        if (body == null) {
            body = bodyOf(method);
            annotated.body = body;
        }
        PROCEEDING.set(method);
        try {
            return Modifier.isStatic(method.getModifiers()) ? (Object) body.invokeExact(arguments)
                    : (Object) body.invokeExact(self, arguments);
        } finally {
            PROCEEDING.remove();
        }
    }

    /**
     * The method's own code, never an override: a subclass that overrides it and calls {@code super}
     * must not run again per attempt, as it does not under AspectJ, which calls the body directly.
     */
    private static MethodHandle bodyOf(Method method) {
        Class<?> owner = method.getDeclaringClass();
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle handle = Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())
                    ? lookup.unreflect(method) : lookup.unreflectSpecial(method, owner);
            handle = handle.asFixedArity();
            return handle.asType(handle.type().generic()).asSpreader(Object[].class, method.getParameterCount());
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("resilient-io cannot call the body of " + owner.getName() + "."
                    + method.getName() + " (" + e.getMessage() + "); open its package to dev.resilientio.core"
                    + " (opens ... to dev.resilientio.core in module-info), or weave it at compile time.", e);
        }
    }

    private static final class Outcome {
        Object value;
        Throwable failure;
    }
}
