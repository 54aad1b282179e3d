package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.AtomicFileWriter;
import dev.resilientio.core.AtomicSettings;
import dev.resilientio.core.AtomicWriteSession;
import dev.resilientio.core.FileLocks;
import dev.resilientio.core.FileRetry;
import dev.resilientio.core.ResilientIoConfig;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.Sleeper;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.MethodTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * One method carrying {@code @RetryFileOperation}, {@code @FileLocked} and/or {@code @AtomicWrite},
 * resolved once: the operation name, its settings with their precedence, its target file and the
 * parameter to redirect. Woven code calls {@link #of(Method)} once per join point and
 * {@link #invoke(Object, Object[], Invocation)} per call. Thread-safe.
 *
 * <p>Whatever order the annotations are written in, a call runs retry (outermost), then the lock,
 * then the atomic write; each attempt takes the lock again and writes a fresh temp file. With
 * {@code RESILIENT_IO_ENABLED=false} the body runs as it is. The resolution is redone when
 * {@link ResilientIoConfig#reload()} changes the configuration.
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
    /**
     * The temps of the atomic writes running in this JVM. JVM-wide, not per thread: a body may hand
     * its temp to another thread, and a temp belongs to its one writer whichever thread writes it.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
    private static final Time SYSTEM_TIME = new Time(Sleeper.SYSTEM, null);
    private static final LazyLogger LOG = new LazyLogger(AnnotatedMethod.class);
    private static volatile Time time = SYSTEM_TIME;

    private final Method method;
    private volatile Plan plan;

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
     * Replaces real sleeping and randomness between retries of every annotated method, until the
     * returned handle is closed. For tests that assert backoff delays without waiting.
     *
     * @param sleeper how to wait between attempts
     * @param random the source of the jitter
     * @return closing it restores real time
     */
    public static TimeOverride overrideTime(Sleeper sleeper, RandomGenerator random) {
        Time previous = time;
        time = new Time(Objects.requireNonNull(sleeper, "sleeper"), Objects.requireNonNull(random, "random"));
        return () -> time = previous;
    }

    /** Restores the time source that {@link #overrideTime} replaced. */
    @FunctionalInterface
    public interface TimeOverride extends AutoCloseable {

        /** Restores the previous time source. */
        @Override
        void close();
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

    private Plan plan() {
        ResilientIoConfig config = ResilientIoConfig.global();
        Time now = time;
        Plan current = plan;
        if (current == null || current.config != config || current.time != now) {
            current = Plan.resolve(method, config, now);
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

    private static final class Time {
        final Sleeper sleeper;
        final RandomGenerator random;

        Time(Sleeper sleeper, RandomGenerator random) {
            this.sleeper = sleeper;
            this.random = random;
        }
    }

    /** The body's own failure of the current attempt, so that only the engine's are ever wrapped. */
    private static final class BodyFailure {
        Throwable last;
    }

    /** Everything one method needs per call, for one configuration. */
    private static final class Plan {
        final ResilientIoConfig config;
        final Time time;
        final String misuse;
        final boolean enabled;
        final FileRetry retry;
        final MethodTargets.Source target;
        final LockMode lockMode;
        final Duration lockTimeout;
        final AtomicSettings atomic;
        final MethodTargets.ParameterSource redirect;
        final boolean wrapsIoExceptions;
        /** The method as a WARN names it: {@code com.example.Store.save}. */
        final String where;

        private Plan(ResilientIoConfig config, Time time, String misuse, Method method) {
            this.config = config;
            this.time = time;
            this.misuse = misuse;
            this.enabled = misuse == null && method != null;
            RetryFileOperation retryAnnotation = enabled ? method.getAnnotation(RetryFileOperation.class) : null;
            FileLocked lockAnnotation = enabled ? method.getAnnotation(FileLocked.class) : null;
            AtomicWrite atomicAnnotation = enabled ? method.getAnnotation(AtomicWrite.class) : null;
            String operation = enabled ? operationName(method) : null;
            if (retryAnnotation != null) {
                var settings = config.retryFor(operation, retryAnnotation);
                this.retry = time.random == null ? FileRetry.of(operation, settings)
                        : FileRetry.of(operation, settings, time.sleeper, time.random);
            } else {
                this.retry = null;
            }
            this.target = retryAnnotation != null || lockAnnotation != null
                    ? MethodTargets.forMethod(method, lockAnnotation != null ? "@FileLocked" : "@RetryFileOperation",
                            lockAnnotation != null ? lockAnnotation.path() : "", System.getenv())
                    : null;
            this.lockMode = lockAnnotation != null ? lockAnnotation.mode() : null;
            this.lockTimeout = lockAnnotation != null ? config.lockTimeoutFor(operation, lockAnnotation) : null;
            this.atomic = atomicAnnotation != null ? config.atomicFor(operation, atomicAnnotation) : null;
            this.redirect = atomicAnnotation != null ? MethodTargets.forRedirect(method) : null;
            this.wrapsIoExceptions = enabled && !declaresIoException(method) && !isKotlin(method.getDeclaringClass());
            this.where = method == null ? null : method.getDeclaringClass().getName() + "." + method.getName();
        }

        static Plan resolve(Method method, ResilientIoConfig config, Time time) {
            if (!config.enabled()) {
                return new Plan(config, time, null, null);
            }
            try {
                MethodTargets.rejectSuspend(method, method.isAnnotationPresent(RetryFileOperation.class)
                        ? "@RetryFileOperation" : method.isAnnotationPresent(FileLocked.class) ? "@FileLocked"
                        : "@AtomicWrite");
            } catch (ResilientIoConfigException e) {
                // Its own message names the function as written, without the Continuation kotlinc adds.
                return new Plan(config, time, e.getMessage(), null);
            }
            try {
                return new Plan(config, time, null, method);
            } catch (IllegalArgumentException e) {
                String where = MethodTargets.describe(method);
                String message = String.valueOf(e.getMessage());
                return new Plan(config, time, message.contains(where) ? message : where + ": " + message, null);
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
            BodyFailure bodyFailure = wrapsIoExceptions ? new BodyFailure() : null;
            try {
                if (retry != null) {
                    return retry.call(target.of(self, arguments), () -> locked(self, arguments, body, bodyFailure));
                }
                return locked(self, arguments, body, bodyFailure);
            } catch (IOException e) {
                // Inside another retrying call, the engine's exception must reach that retry unwrapped to be retried.
                if (bodyFailure != null && e != bodyFailure.last && !FileRetry.isRetrying()) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
                throw e;
            }
        }

        private Object locked(Object self, Object[] arguments, Invocation body, BodyFailure bodyFailure)
                throws Throwable {
            if (lockMode == null) {
                return written(arguments, body, bodyFailure);
            }
            Path file = target.of(self, arguments);
            if (isTempOfRunningWrite(file)) {
                return written(arguments, body, bodyFailure);
            }
            return FileLocks.withLock(file, lockMode, lockTimeout, () -> written(arguments, body, bodyFailure));
        }

        private Object written(Object[] arguments, Invocation body, BodyFailure bodyFailure) throws Throwable {
            if (redirect == null) {
                return proceed(arguments, body, bodyFailure);
            }
            Path file = redirect.of(null, arguments);
            if (isTempOfRunningWrite(file)) {
                return proceed(arguments, body, bodyFailure);
            }
            try (AtomicWriteSession session = AtomicFileWriter.begin(file, atomic)) {
                Object[] redirected = arguments.clone();
                redirected[redirect.index()] = redirect.redirect(session.temp());
                WRITING.add(session.temp());
                Object result;
                try {
                    result = proceed(redirected, body, bodyFailure);
                } finally {
                    WRITING.remove(session.temp());
                }
                warnIfNothingWritten(session);
                session.commit();
                return result;
            }
        }

        /**
         * Warns when the body left its temp empty over a target with content, which the commit
         * would silently truncate. One stat of the temp per call; the target's only when the temp is empty.
         */
        private void warnIfNothingWritten(AtomicWriteSession session) {
            long former;
            try {
                if (Files.size(session.temp()) != 0) {
                    return;
                }
                former = Files.size(session.target());
            } catch (IOException noTempOrNoTarget) {
                // A new target has no content to lose; a temp the body removed fails the commit, which says so.
                return;
            }
            if (former > 0) {
                LOG.get().warn("{} returned without writing anything to the temp file of {}: the commit replaces its {}"
                        + " bytes with an empty file; write the new content to the path the method is given, or throw"
                        + " to keep the file as it is", where, session.target(), former);
            }
        }

        /**
         * Whether a file is the temp of an atomic write running now: an annotated method called
         * with it (a Kotlin overload or bridge calling its annotated twin, say) writes into it as it
         * is, since the outer call already locks, commits and backs up.
         */
        private static boolean isTempOfRunningWrite(Path file) {
            return !WRITING.isEmpty() && WRITING.contains(file.toAbsolutePath().normalize());
        }

        private static Object proceed(Object[] arguments, Invocation body, BodyFailure bodyFailure) throws Throwable {
            if (bodyFailure == null) {
                return body.proceed(arguments);
            }
            try {
                return body.proceed(arguments);
            } catch (Throwable failure) {
                bodyFailure.last = failure;
                throw failure;
            }
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
}
