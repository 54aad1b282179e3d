package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.ResilientIoConfigException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Fails loudly when annotations would be silently ignored: put {@link #verify(Class...)} in a unit
 * test or at start-up. Stateless and thread-safe.
 */
public final class WeavingCheck {

    private WeavingCheck() {
    }

    /**
     * Checks that every method of the classes that carries {@code @RetryFileOperation},
     * {@code @FileLocked}, {@code @AtomicWrite}, {@code @FileCircuitBreaker} or {@code @RecoverFromBackup} is
     * woven, then that each one's annotations can be applied (target file, settings).
     *
     * @param classes the classes to check
     * @throws IllegalStateException naming each class, its unwoven methods and the three ways to weave them
     * @throws ResilientIoConfigException when an annotation is misused; the message names the method and the fix
     */
    public static void verify(Class<?>... classes) {
        StringBuilder problems = new StringBuilder();
        for (Class<?> type : classes) {
            List<Method> unwoven = unwovenMethods(type);
            if (!unwoven.isEmpty()) {
                problems.append(type.getName()).append(" has ").append(unwoven.size())
                        .append(unwoven.size() == 1 ? " annotated method" : " annotated methods")
                        .append(" that resilient-io never runs, so its annotations do nothing:\n");
                for (Method method : unwoven) {
                    problems.append("  - ").append(MethodTargets.describe(method))
                            .append(Modifier.isAbstract(method.getModifiers())
                                    ? "  (abstract: annotations on it are never woven; annotate the implementation)"
                                    : "")
                            .append('\n');
                }
            }
        }
        if (problems.length() > 0) {
            throw new IllegalStateException("resilient-io: weaving is missing.\n" + problems
                    + "Weave these classes in one of three ways:\n"
                    + "  1. compile time: aspectj-maven-plugin with dev.resilientio:resilient-io-aspects in"
                    + " <aspectLibraries> (for Kotlin, weaving the compiled classes);\n"
                    + "  2. load time: java -javaagent:aspectjweaver.jar, with resilient-io-aspects on the class"
                    + " path (its META-INF/aop.xml names the aspect);\n"
                    + "  3. the agent: java -javaagent:resilient-io-agent.jar, no AspectJ needed.\n"
                    + "docs/getting-started.md of resilient-io shows the set-up of each (Maven, Kotlin, Spring Boot).");
        }
        for (Class<?> type : classes) {
            for (Method method : annotatedMethods(type)) {
                AnnotatedMethod.of(method).validate();
            }
        }
    }

    /**
     * Lists the annotated methods of a class that no weaving reaches, abstract ones included.
     *
     * @param type the class
     * @return the unwoven methods, sorted by name; empty when all are woven
     */
    public static List<Method> unwovenMethods(Class<?> type) {
        List<Method> unwoven = new ArrayList<>();
        for (Method method : annotatedMethods(type)) {
            if (Modifier.isAbstract(method.getModifiers())
                    || !WeavingMarkers.wovenByAspectJ(method) && !InlinedAdvice.isInstrumented(method)) {
                unwoven.add(method);
            }
        }
        return unwoven;
    }

    private static List<Method> annotatedMethods(Class<?> type) {
        List<Method> annotated = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
            if (!method.isSynthetic() && !method.isBridge() && isAnnotated(method)) {
                annotated.add(method);
            }
        }
        annotated.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return annotated;
    }

    private static boolean isAnnotated(Method method) {
        return method.isAnnotationPresent(RetryFileOperation.class) || method.isAnnotationPresent(FileLocked.class)
                || method.isAnnotationPresent(AtomicWrite.class) || method.isAnnotationPresent(FileCircuitBreaker.class)
                || method.isAnnotationPresent(RecoverFromBackup.class);
    }
}
