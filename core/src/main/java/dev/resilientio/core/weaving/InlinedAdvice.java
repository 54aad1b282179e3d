package dev.resilientio.core.weaving;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of advice that is inlined into an annotated method (the Byte Buddy agent, and the
 * AspectJ advice that ajc inlines for a method with {@code @RetryFileOperation} alone): enter and exit
 * halves around the method's own body, where {@link AnnotatedMethod} needs the body as something it
 * can call, once per attempt. Thread-safe.
 *
 * <p>The enter half runs the whole call through {@link AnnotatedMethod#invoke}, whose body calls
 * the method's own code again (never an override); that second entry is let through to the real body. The exit half hands the
 * outcome back as the method's return value or exception.
 *
 * <p>A call that can take the fast path ({@link AnnotatedMethod#enterFast(Object, Object, Object, Object)})
 * runs its body where it is, once; only when that fails does {@link #afterFirstFailure} run the
 * attempts that follow, each calling the method's own code again as above.
 */
public final class InlinedAdvice {

    /**
     * Per thread, one slot: the method whose next entry on this thread is the body itself, called
     * from {@link #enter}. The slot is found once per call and handed to {@link #proceed}, which runs
     * on the calling thread; it is cleared by assignment, never removed: a removed entry is a new
     * weak reference on the next call, an allocation the collector must also process.
     */
    private static final ThreadLocal<AnnotatedMethod[]> PROCEEDING = new ThreadLocal<>() {
        @Override
        protected AnnotatedMethod[] initialValue() {
            return new AnnotatedMethod[1];
        }
    };

    /** Per instrumented class, its annotated methods by name and descriptor, as the advice names them. */
    private static final ClassValue<ConcurrentHashMap<String, AnnotatedMethod>> BY_NAME_AND_DESCRIPTOR =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<String, AnnotatedMethod> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    /** {@link AnnotatedMethod#enterFast(Object, int, Object)}, which {@link #enterFast} links woven code to. */
    private static final MethodHandle ENTER_FAST;

    static {
        try {
            ENTER_FAST = MethodHandles.lookup().findVirtual(AnnotatedMethod.class, "enterFast",
                    MethodType.methodType(Object.class, Object.class, int.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What {@link #enter} returns for a call that returned {@code null} or nothing. */
    private static final Object NO_VALUE = new Object();

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
        return !INSTRUMENTED.isEmpty()
                && INSTRUMENTED.contains(method.getDeclaringClass().getName() + "#" + method.getName() + descriptor(method));
    }

    /**
     * Runs the call under the method's annotations, unless this entry is that call's own body. The
     * advice names the method by constants (its class, name and descriptor), never by a
     * {@code Method} it would have to look up on every call.
     *
     * @param type the class that declares the annotated method
     * @param nameAndDescriptor the method's name followed by its JVM descriptor, such as
     *     {@code save(Ljava/nio/file/Path;)V}
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments
     * @return {@code null} to run the body as it is; otherwise the outcome, for {@link #failure} and {@link #result}
     */
    public static Object enter(Class<?> type, String nameAndDescriptor, Object self, Object[] arguments) {
        AnnotatedMethod[] proceeding = PROCEEDING.get();
        AnnotatedMethod body = proceeding[0];
        if (body != null && body.method().getDeclaringClass() == type && body.adviceKey.equals(nameAndDescriptor)) {
            proceeding[0] = null;
            return null;
        }
        AnnotatedMethod annotated = BY_NAME_AND_DESCRIPTOR.get(type).get(nameAndDescriptor);
        if (annotated == null) {
            annotated = find(type, nameAndDescriptor);
        }
        try {
            AnnotatedMethod method = annotated;
            Object value = annotated.invoke(self, arguments, args -> proceed(method, proceeding, self, args));
            return value == null ? NO_VALUE : value;
        } catch (Throwable failure) {
            return new Failure(failure);
        }
    }

    /**
     * Returns what the call threw, to rethrow from the method.
     *
     * @param outcome what {@link #enter} returned
     * @return the failure, or {@code null} when the call returned
     */
    public static Throwable failure(Object outcome) {
        return outcome instanceof Failure ? ((Failure) outcome).failure : null;
    }

    /**
     * Returns what the call returned, to return from the method.
     *
     * @param outcome what {@link #enter} returned
     * @return the result ({@code null} for {@code void})
     */
    public static Object result(Object outcome) {
        return outcome == NO_VALUE ? null : outcome;
    }

    /**
     * Links the agent's fast entry into a method ({@code invokedynamic}): a constant call site whose
     * target hands the instance and the target argument to
     * {@link AnnotatedMethod#enterFast(Object, int, Object)}, so that the woven code names its method
     * without a lookup per call and passes no array of arguments.
     *
     * @param caller the woven class's lookup, which the JVM provides
     * @param name the call site's name, unused
     * @param type the instance (unless the method is static) and the method's parameters, returning {@code Object}
     * @param nameAndDescriptor the method's name followed by its JVM descriptor
     * @return the call site
     * @throws IllegalStateException when the class declares no such method (it changed after it was woven)
     */
    public static CallSite enterFast(MethodHandles.Lookup caller, String name, MethodType type,
            String nameAndDescriptor) {
        Class<?> owner = caller.lookupClass();
        AnnotatedMethod annotated = BY_NAME_AND_DESCRIPTOR.get(owner).get(nameAndDescriptor);
        if (annotated == null) {
            annotated = find(owner, nameAndDescriptor);
        }
        if (annotated.body == null) {
            try {
                // The woven class's own lookup reaches its body in any module; the ordinary path needs no opens then.
                annotated.body = bodyOf(annotated.method(), caller);
            } catch (IllegalStateException unreachable) {
                // The ordinary path tries again when it first needs the body, and says why it cannot.
            }
        }
        boolean isStatic = Modifier.isStatic(annotated.method().getModifiers());
        int offset = isStatic ? 0 : 1;
        int index = annotated.targetIndex();
        boolean passesArgument = index >= 0 && offset + index < type.parameterCount();
        MethodHandle enter = MethodHandles.insertArguments(ENTER_FAST.bindTo(annotated), 1, passesArgument ? index : -1);
        if (!passesArgument) {
            enter = MethodHandles.insertArguments(enter, 1, (Object) null);
        }
        if (isStatic) {
            enter = MethodHandles.insertArguments(enter, 0, (Object) null);
        }
        // What is left of (self, argument), taken from the call site's (self, parameters...); the rest is dropped.
        int[] kept = new int[enter.type().parameterCount()];
        int next = 0;
        if (!isStatic) {
            kept[next++] = 0;
        }
        if (passesArgument) {
            kept[next] = offset + index;
        }
        Class<?>[] keptTypes = new Class<?>[kept.length];
        for (int i = 0; i < kept.length; i++) {
            keptTypes[i] = type.parameterType(kept[i]);
        }
        MethodHandle typed = enter.asType(MethodType.methodType(Object.class, keptTypes));
        return new ConstantCallSite(MethodHandles.permuteArguments(typed, type, kept));
    }

    /**
     * Tells whether this entry into a method, by AspectJ's inlined advice, is its own body, called by
     * the ordinary path once per attempt; the advice then proceeds to the body.
     *
     * @param method the method
     * @return {@code true} for the body's entry
     */
    public static boolean isBody(AnnotatedMethod method) {
        AnnotatedMethod[] proceeding = PROCEEDING.get();
        if (proceeding[0] == method) {
            proceeding[0] = null;
            return true;
        }
        return false;
    }

    /**
     * Runs a call on the ordinary path, for AspectJ's inlined advice: under the method's annotations,
     * calling the method's own code again for each attempt, which {@link #isBody} lets through. The
     * advice passes the arguments one by one, so that building their array is not part of the code
     * ajc inlines into every woven method.
     *
     * @param method the method
     * @param lookup the woven class's lookup, to reach the body; another class's lookup works where the
     *     method's package is open to resilient-io
     * @param self the instance, or {@code null} for a static method
     * @param a0 the first argument, or {@code null} when the method has none
     * @param a1 the second argument, or {@code null}
     * @param a2 the third argument, or {@code null}
     * @return the call's result ({@code null} for {@code void}); its failure, checked or not, is thrown
     *     as it is, though this method declares none
     */
    public static Object invoke(AnnotatedMethod method, MethodHandles.Lookup lookup, Object self, Object a0, Object a1,
            Object a2) {
        AnnotatedMethod[] proceeding = PROCEEDING.get();
        try {
            return method.invoke(self, arguments(method, a0, a1, a2),
                    args -> proceed(method, lookup, proceeding, self, args));
        } catch (Throwable failure) {
            throw InlinedAdvice.<RuntimeException>sneaky(failure);
        }
    }

    /**
     * Runs the rest of a call whose body woven code ran on the fast path and that failed: the retry's
     * further attempts, each calling the method's own code again, as
     * {@link AnnotatedMethod#enterFast(Object, Object, Object, Object)} says.
     *
     * @param method the method
     * @param mark what {@code enterFast} returned
     * @param first the body's failure
     * @param lookup the woven class's lookup, as for {@link #invoke}
     * @param self the instance, or {@code null} for a static method
     * @param a0 the first argument, the same object the body was first called with, or {@code null}
     * @param a1 the second argument, or {@code null}
     * @param a2 the third argument, or {@code null}
     * @return the result of a later attempt ({@code null} for {@code void}); the call's final failure,
     *     checked or not, is thrown as it is, though this method declares none
     */
    public static Object afterFirstFailure(AnnotatedMethod method, Object mark, Throwable first,
            MethodHandles.Lookup lookup, Object self, Object a0, Object a1, Object a2) {
        return afterFirstFailure(method, mark, first, lookup, self, arguments(method, a0, a1, a2));
    }

    private static Object afterFirstFailure(AnnotatedMethod method, Object mark, Throwable first,
            MethodHandles.Lookup lookup, Object self, Object[] arguments) {
        AnnotatedMethod[] proceeding = PROCEEDING.get();
        try {
            return method.retryAfterFirstFailure(mark, first, self, arguments,
                    args -> proceed(method, lookup, proceeding, self, args));
        } catch (Throwable failure) {
            throw InlinedAdvice.<RuntimeException>sneaky(failure);
        }
    }

    /** The arguments AspectJ's advice passed one by one, as many as the method takes. */
    private static Object[] arguments(AnnotatedMethod method, Object a0, Object a1, Object a2) {
        Object[] all = {a0, a1, a2};
        return Arrays.copyOf(all, method.method().getParameterCount());
    }

    /**
     * {@link #afterFirstFailure(AnnotatedMethod, Object, Throwable, MethodHandles.Lookup, Object, Object, Object, Object)}
     * for the agent's woven code, which names its method by constants, as {@link #enter} does, and
     * passes the arguments in an array.
     *
     * @param first the body's failure
     * @param type the class that declares the annotated method
     * @param nameAndDescriptor the method's name followed by its JVM descriptor
     * @param mark what {@code enterFast} returned
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments, the same objects the body was first called with
     * @return the result of a later attempt ({@code null} for {@code void}); the call's final failure,
     *     checked or not, is thrown as it is, though this method declares none
     */
    public static Object afterFirstFailure(Throwable first, Class<?> type, String nameAndDescriptor, Object mark,
            Object self, Object[] arguments) {
        AnnotatedMethod annotated = BY_NAME_AND_DESCRIPTOR.get(type).get(nameAndDescriptor);
        if (annotated == null) {
            annotated = find(type, nameAndDescriptor);
        }
        return afterFirstFailure(annotated, mark, first, null, self, arguments);
    }

    /** Throws any failure, checked ones included, from a method that declares none. */
    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }

    private static AnnotatedMethod find(Class<?> type, String nameAndDescriptor) {
        for (Method method : type.getDeclaredMethods()) {
            if (nameAndDescriptor.equals(method.getName() + descriptor(method))) {
                AnnotatedMethod annotated = AnnotatedMethod.of(method);
                annotated.adviceKey = nameAndDescriptor;
                BY_NAME_AND_DESCRIPTOR.get(type).put(nameAndDescriptor, annotated);
                return annotated;
            }
        }
        throw new IllegalStateException("resilient-io's advice in " + type.getName() + " names a method "
                + nameAndDescriptor + " that the class does not declare; the class was changed after it was"
                + " instrumented: instrument it again (restart with the agent).");
    }

    private static String descriptor(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
    }

    private static Object proceed(AnnotatedMethod annotated, AnnotatedMethod[] proceeding, Object self,
            Object[] arguments) throws Throwable {
        return proceed(annotated, null, proceeding, self, arguments);
    }

    private static Object proceed(AnnotatedMethod annotated, MethodHandles.Lookup lookup,
            AnnotatedMethod[] proceeding, Object self, Object[] arguments) throws Throwable {
        Method method = annotated.method();
        MethodHandle body = annotated.body;
        if (body == null) {
            body = bodyOf(method, lookup);
            annotated.body = body;
        }
        proceeding[0] = annotated;
        try {
            return Modifier.isStatic(method.getModifiers()) ? (Object) body.invokeExact(arguments)
                    : (Object) body.invokeExact(self, arguments);
        } finally {
            proceeding[0] = null;
        }
    }

    /**
     * The method's own code, never an override: a subclass that overrides it and calls {@code super}
     * must not run again per attempt, as it does not under AspectJ, which calls the body directly.
     */
    private static MethodHandle bodyOf(Method method, MethodHandles.Lookup woven) {
        Class<?> owner = method.getDeclaringClass();
        try {
            MethodHandles.Lookup lookup = woven != null && woven.lookupClass() == owner && woven.hasFullPrivilegeAccess()
                    ? woven : MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
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

    /** A call's failure, as {@link #enter} returns it; a successful call returns its value itself. */
    private static final class Failure {
        final Throwable failure;

        Failure(Throwable failure) {
            this.failure = failure;
        }
    }
}
