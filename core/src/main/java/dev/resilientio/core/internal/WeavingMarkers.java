package dev.resilientio.core.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Tells from a loaded class whether a method of it was woven. Reflection sees the class as the JVM
 * runs it, so load-time weaving counts as well as compile-time weaving, and a woven copy on the
 * class path is told apart from an unwoven one.
 */
public final class WeavingMarkers {

    private static final String JOIN_POINT = "org.aspectj.lang.JoinPoint";

    private WeavingMarkers() {
    }

    /**
     * Tells whether a method was woven by AspectJ, at compile time or at load time: ajc moves a
     * body that around advice wraps into {@code <name>_aroundBody<n>}, taking the instance (unless
     * static), the method's parameters and the join point.
     *
     * @param method an annotated method
     * @return {@code true} when its body was moved behind advice
     */
    public static boolean wovenByAspectJ(Method method) {
        String prefix = method.getName() + "_aroundBody";
        Class<?>[] parameters = method.getParameterTypes();
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        for (Method candidate : method.getDeclaringClass().getDeclaredMethods()) {
            if (!candidate.getName().startsWith(prefix) || !isDigits(candidate, prefix)) {
                continue;
            }
            Class<?>[] moved = candidate.getParameterTypes();
            int offset = isStatic ? 0 : 1;
            if (moved.length == parameters.length + offset + 1
                    && moved[moved.length - 1].getName().equals(JOIN_POINT)
                    && (isStatic || moved[0] == method.getDeclaringClass())
                    && Arrays.equals(moved, offset, offset + parameters.length, parameters, 0, parameters.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigits(Method candidate, String prefix) {
        String rest = candidate.getName().substring(prefix.length());
        return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit);
    }
}
