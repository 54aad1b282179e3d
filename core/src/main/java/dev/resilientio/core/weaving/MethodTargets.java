package dev.resilientio.core.weaving;

import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.TargetFile;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.rules.RecoveryMessages;
import dev.resilientio.core.rules.TargetMessages;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the file an annotated method works on, by the five rules of the design: a parameter marked
 * {@code @TargetFile}, the annotation's {@code path}, the only {@code Path}/{@code File} parameter,
 * a {@code @TargetFile} field or no-argument method of the class, else an error naming the fix.
 * Resolved once per method; the returned sources only read the value of one call.
 */
final class MethodTargets {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final List<Class<?>> TARGET_TYPES = List.of(Path.class, File.class, String.class);

    private MethodTargets() {
    }

    /** Where one call's target file comes from. */
    interface Source {

        /** The target of one call; a clear error when the value is null. */
        Path of(Object self, Object[] arguments);
    }

    /** A parameter that holds the target and can be given the temp file instead. */
    static final class ParameterSource implements Source {
        private final String method;
        private final int index;
        private final Class<?> type;
        private final String what;

        ParameterSource(String method, int index, Class<?> type) {
            this.method = method;
            this.index = index;
            this.type = type;
            this.what = "parameter " + (index + 1) + " (" + type.getSimpleName() + ")";
        }

        /** The parameter's position, from 0. */
        int index() {
            return index;
        }

        @Override
        public Path of(Object self, Object[] arguments) {
            return toPath(arguments[index], method, what);
        }

        /** The target of one call, given the argument at {@link #index()} alone. */
        Path ofArgument(Object argument) {
            return toPath(argument, method, what);
        }

        /** The temp file in the parameter's type: {@code Path}, {@code File} or {@code String}. */
        Object redirect(Path temp) {
            if (type == File.class) {
                return temp.toFile();
            }
            return type == String.class ? temp.toString() : temp;
        }
    }

    /**
     * The target of a method for locking and retry logs: rules 1 to 4.
     *
     * @param method the annotated method
     * @param annotation the annotation being resolved, for messages, e.g. {@code @FileLocked}
     * @param fixedPath the annotation's {@code path}, or empty
     * @param environment where {@code ${NAME}} is looked up after the system properties
     * @return the source
     * @throws ResilientIoConfigException when no single target can be found
     */
    static Source forMethod(Method method, Class<? extends Annotation> annotation, String fixedPath,
            ResilientIoConfig config) {
        ParameterSource parameter = markedParameter(method);
        if (parameter != null) {
            return parameter;
        }
        if (!fixedPath.isEmpty()) {
            Path fixed = fixedPath(fixedPath, method, config);
            return (self, arguments) -> fixed;
        }
        parameter = onlyFileParameter(method);
        if (parameter != null) {
            return parameter;
        }
        Source member = markedMember(method);
        if (member != null) {
            return member;
        }
        throw new ResilientIoConfigException(TargetMessages.noTarget("@" + annotation.getSimpleName(), describe(method)));
    }

    /**
     * The file a method with {@code @FileCircuitBreaker} alone works on, for the message of a refused
     * call: rules 1 to 4 as for a retry, or none, since a breaker needs no file.
     *
     * @param method the annotated method
     * @param config where {@code ${NAME}} is looked up
     * @return the source, or {@code null} when the method names no single file
     */
    static Source forBreaker(Method method, ResilientIoConfig config) {
        try {
            return forMethod(method, FileCircuitBreaker.class, "", config);
        } catch (ResilientIoConfigException noSingleFile) {
            return null;
        }
    }

    /**
     * The parameter {@code @AtomicWrite} redirects to the temp file: rules 1 and 3.
     *
     * @param method the annotated method
     * @return the parameter
     * @throws ResilientIoConfigException when there is no single such parameter
     */
    static ParameterSource forRedirect(Method method) {
        ParameterSource parameter = markedParameter(method);
        if (parameter == null) {
            parameter = onlyFileParameter(method);
        }
        if (parameter == null) {
            throw new ResilientIoConfigException(TargetMessages.nothingToRedirect(describe(method)));
        }
        return parameter;
    }

    /**
     * The parameter {@code @RecoverFromBackup} redirects to a backup: rules 1 and 3, as {@link #forRedirect}.
     *
     * @param method the annotated method
     * @return the parameter
     * @throws ResilientIoConfigException when there is no single such parameter
     */
    static ParameterSource forRecovery(Method method) {
        ParameterSource parameter = markedParameter(method);
        if (parameter == null) {
            parameter = onlyFileParameter(method);
        }
        if (parameter == null) {
            throw new ResilientIoConfigException(RecoveryMessages.nothingToRedirect(describe(method)));
        }
        return parameter;
    }

    /**
     * Names a method for messages: {@code com.example.TaskStore.save(Path, String)}.
     *
     * @param method the method
     * @return its name with its class and parameter types
     */
    static String describe(Method method) {
        return describe(method, method.getParameterCount());
    }

    /**
     * Names a method by its first parameters only: a Kotlin suspend function as its source has it.
     *
     * @param method the method
     * @param parameters how many of its parameters to name
     * @return its name with its class and those parameter types
     */
    static String describe(Method method, int parameters) {
        return method.getDeclaringClass().getName() + "." + method.getName()
                + java.util.Arrays.stream(method.getParameterTypes()).limit(parameters).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Rejects a Kotlin suspend function, whose last parameter is the {@code kotlin.coroutines.Continuation}
     * kotlinc adds: method advice cannot wrap it (where the processor ran, this is a compile error already).
     *
     * @param method the annotated method
     * @param annotation the annotation to name in the fix, such as {@code @RetryFileOperation}
     * @throws ResilientIoConfigException when the method is a suspend function
     */
    static void rejectSuspend(Method method, Class<? extends Annotation> annotation) {
        Class<?>[] types = method.getParameterTypes();
        if (types.length > 0 && types[types.length - 1].getName().equals("kotlin.coroutines.Continuation")) {
            throw new ResilientIoConfigException(TargetMessages.suspendFunction(describe(method, types.length - 1),
                    "@" + annotation.getSimpleName()));
        }
    }

    private static ParameterSource markedParameter(Method method) {
        Parameter[] parameters = method.getParameters();
        ParameterSource found = null;
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(TargetFile.class)) {
                if (found != null) {
                    throw new ResilientIoConfigException(
                            TargetMessages.twoMarkedParameters(describe(method), found.index + 1, i + 1));
                }
                Class<?> type = parameters[i].getType();
                if (!TARGET_TYPES.contains(type)) {
                    throw new ResilientIoConfigException(TargetMessages.unsupportedType(
                            "parameter " + (i + 1) + " of " + describe(method), type.getName()));
                }
                found = new ParameterSource(describe(method), i, type);
            }
        }
        return found;
    }

    private static ParameterSource onlyFileParameter(Method method) {
        Class<?>[] types = method.getParameterTypes();
        List<Integer> files = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Path.class || types[i] == File.class) {
                files.add(i);
            }
        }
        if (files.size() > 1) {
            throw new ResilientIoConfigException(TargetMessages.ambiguousParameters(describe(method),
                    files.stream().map(i -> i + 1).collect(Collectors.toList())));
        }
        return files.isEmpty() ? null : new ParameterSource(describe(method), files.get(0), types[files.get(0)]);
    }

    private static Source markedMember(Method method) {
        List<AccessibleObject> members = new ArrayList<>();
        for (Class<?> c = method.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(TargetFile.class)) {
                    members.add(field);
                }
            }
            for (Method getter : c.getDeclaredMethods()) {
                if (getter.isAnnotationPresent(TargetFile.class) && !getter.isBridge()) {
                    members.add(getter);
                }
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        String where = describe(method);
        if (members.size() > 1) {
            throw new ResilientIoConfigException(TargetMessages.ambiguousMembers(method.getDeclaringClass().getName(),
                    members.stream().map(m -> ((Member) m).getName()).collect(Collectors.toList()), where));
        }
        AccessibleObject member = members.get(0);
        Member m = (Member) member;
        Class<?> type = member instanceof Field ? ((Field) member).getType() : ((Method) member).getReturnType();
        String name = member instanceof Field ? "field " + m.getName() : "method " + m.getName() + "()";
        String ofClass = name + " of " + m.getDeclaringClass().getName();
        if (member instanceof Method && ((Method) member).getParameterCount() != 0) {
            throw new ResilientIoConfigException(TargetMessages.getterWithParameters(ofClass));
        }
        if (!TARGET_TYPES.contains(type)) {
            throw new ResilientIoConfigException(TargetMessages.unsupportedType(ofClass, type.getName()));
        }
        boolean isStatic = Modifier.isStatic(m.getModifiers());
        if (!isStatic && Modifier.isStatic(method.getModifiers())) {
            throw new ResilientIoConfigException(TargetMessages.staticMethodInstanceMember(where, ofClass));
        }
        MethodHandle handle;
        try {
            member.setAccessible(true);
            handle = member instanceof Field ? MethodHandles.lookup().unreflectGetter((Field) member)
                    : MethodHandles.lookup().unreflect((Method) member);
        } catch (RuntimeException | IllegalAccessException e) {
            throw new ResilientIoConfigException("resilient-io cannot read the @TargetFile " + name + " of "
                    + m.getDeclaringClass().getName() + " (" + e.getMessage() + "); open its package to"
                    + " dev.resilientio.core, or pass the file as a parameter.", e);
        }
        Function<Object, Object> read = isStatic ? self -> invoke(handle, null, true) : self -> invoke(handle, self, false);
        String what = "the @TargetFile " + name;
        return (self, arguments) -> toPath(read.apply(self), where, what);
    }

    private static Object invoke(MethodHandle handle, Object self, boolean isStatic) {
        try {
            return isStatic ? handle.invoke() : handle.invoke(self);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading the @TargetFile member failed: " + e, e);
        }
    }

    private static Path toPath(Object value, String method, String what) {
        if (value instanceof Path) {
            return (Path) value;
        }
        if (value instanceof File) {
            return ((File) value).toPath();
        }
        if (value instanceof String) {
            return Path.of((String) value);
        }
        throw new IllegalArgumentException(method + " was called with a null target file in " + what
                + "; pass the file the method works on.");
    }

    private static Path fixedPath(String path, Method method, ResilientIoConfig config) {
        String expanded = expand(path, method, config);
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw new ResilientIoConfigException("@FileLocked(path = \"" + path + "\") on " + describe(method)
                    + " is not a valid path here (" + e.getMessage() + "); give a valid file path.", e);
        }
    }

    private static String expand(String path, Method method, ResilientIoConfig config) {
        Matcher matcher = PLACEHOLDER.matcher(path);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.isBlank()) {
                throw new ResilientIoConfigException(TargetMessages.emptyPlaceholder(path, describe(method)));
            }
            String value = config.lookup(name);
            if (value == null) {
                throw new ResilientIoConfigException("@FileLocked(path = \"" + path + "\") on " + describe(method)
                        + " uses ${" + name + "}, which is neither a system property nor an environment variable;"
                        + " set one of them, or write the path out.");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
