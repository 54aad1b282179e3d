package dev.resilientio.core.weaving;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;

/**
 * Tells from a loaded class whether resilient-io's aspect wove a method of it. Reflection sees the
 * class as the JVM runs it, so load-time weaving counts as well as compile-time weaving; the
 * aspect's name is checked too, since any other around advice leaves the same shape behind.
 */
public final class WeavingMarkers {

    /** Named, not referenced: core must not depend on the aspects module. */
    static final String ASPECT = "dev.resilientio.aspects.ResilientIoAspect";

    private static final String JOIN_POINT = "org.aspectj.lang.JoinPoint";
    private static final byte[] ASPECT_IN_BYTECODE = ASPECT.replace('.', '/').getBytes(StandardCharsets.UTF_8);
    private static final List<String> DEFAULT_AOP_XML = List.of("META-INF/aop.xml", "META-INF/aop-ajc.xml",
            "org/aspectj/aop.xml");

    private static final ClassValue<Boolean> BY_OUR_ASPECT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return classFileNamesAspect(type) || loadTimeWeaverHasAspect(type.getClassLoader());
        }
    };

    private WeavingMarkers() {
    }

    /**
     * Tells whether a method was woven by resilient-io's AspectJ aspect, at compile time or at load
     * time: ajc moves a body that around advice wraps into {@code <name>_aroundBody<n>}, taking the
     * instance (unless static), the method's parameters and, unless the advice was inlined without
     * one, the join point; and the class either names the aspect in its class file (compile time) or
     * was loaded while the AspectJ weaver agent runs with an {@code aop.xml} that names it (load time).
     *
     * @param method an annotated method
     * @return {@code true} when its body was moved behind resilient-io's advice
     */
    public static boolean wovenByAspectJ(Method method) {
        return hasAroundBody(method) && BY_OUR_ASPECT.get(method.getDeclaringClass());
    }

    static boolean hasAroundBody(Method method) {
        String prefix = method.getName() + "_aroundBody";
        Class<?>[] parameters = method.getParameterTypes();
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        int offset = isStatic ? 0 : 1;
        for (Method candidate : method.getDeclaringClass().getDeclaredMethods()) {
            String name = candidate.getName();
            if (!name.startsWith(prefix) || name.length() == prefix.length()
                    || !name.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                continue;
            }
            Class<?>[] moved = candidate.getParameterTypes();
            boolean withJoinPoint = moved.length == parameters.length + offset + 1
                    && moved[moved.length - 1].getName().equals(JOIN_POINT);
            if ((withJoinPoint || moved.length == parameters.length + offset)
                    && (isStatic || moved[0] == method.getDeclaringClass())
                    && Arrays.equals(moved, offset, offset + parameters.length, parameters, 0, parameters.length)) {
                return true;
            }
        }
        return false;
    }

    /** Compile-time weaving leaves calls to the aspect in the class file itself. */
    static boolean classFileNamesAspect(Class<?> type) {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in != null && contains(in.readAllBytes(), ASPECT_IN_BYTECODE);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Load-time weaving changes only the bytes in memory: ask whether the weaver runs with our aspect
     * in one of the {@code aop.xml} files it reads by default.
     */
    static boolean loadTimeWeaverHasAspect(ClassLoader loader) {
        return weaverAgentRunning() && aopXmlNamesAspect(loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    private static boolean weaverAgentRunning() {
        try {
            Class<?> agent = Class.forName("org.aspectj.weaver.loadtime.Agent", false,
                    ClassLoader.getSystemClassLoader());
            return agent.getMethod("getInstrumentation").invoke(null) != null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    static boolean aopXmlNamesAspect(ClassLoader loader) {
        for (String name : DEFAULT_AOP_XML) {
            try {
                Enumeration<URL> found = loader.getResources(name);
                while (found.hasMoreElements()) {
                    try (InputStream in = found.nextElement().openStream()) {
                        if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(ASPECT)) {
                            return true;
                        }
                    }
                }
            } catch (IOException e) {
                // An unreadable aop.xml cannot name the aspect to the weaver either.
            }
        }
        return false;
    }

    /**
     * Tells whether a class file (or any bytes) holds a run of bytes, such as a name in its constant
     * pool; by hand, since the JDK has no search over byte arrays.
     *
     * @param haystack the bytes to search
     * @param needle the run to find
     * @return {@code true} when found
     */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
