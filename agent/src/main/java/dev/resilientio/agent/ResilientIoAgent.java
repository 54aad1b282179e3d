package dev.resilientio.agent;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The Byte Buddy agent: {@code java -javaagent:resilient-io-agent.jar -jar app.jar} applies
 * {@code @RetryFileOperation}, {@code @FileLocked} and {@code @AtomicWrite} as classes load, with
 * exactly the behaviour of the AspectJ aspects (both call core's {@code AnnotatedMethod}). It can
 * also be attached to a running JVM, which retransforms the classes already loaded.
 */
public final class ResilientIoAgent {

    private static Instrumentation installedOn;

    private ResilientIoAgent() {
    }

    /**
     * Installs the agent at start-up ({@code -javaagent}).
     *
     * @param arguments ignored
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        install(instrumentation, false);
    }

    /**
     * Installs the agent into a running JVM, retransforming the annotated classes already loaded.
     *
     * @param arguments ignored
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(instrumentation, true);
    }

    /**
     * Installs the agent into this JVM by attaching to it (Byte Buddy's self-attach); for tests and
     * for applications that cannot change their command line. Does nothing the second time.
     */
    public static void install() {
        install(ByteBuddyAgent.install());
    }

    /**
     * Installs the agent on the given instrumentation. Does nothing the second time.
     *
     * @param instrumentation the JVM's instrumentation
     */
    public static void install(Instrumentation instrumentation) {
        install(instrumentation, true);
    }

    /** At start-up no application class is loaded yet, so scanning loaded classes would only cost time. */
    private static synchronized void install(Instrumentation instrumentation, boolean retransformLoaded) {
        if (installedOn != null) {
            return;
        }
        WeavingTransformer transformer = new WeavingTransformer();
        instrumentation.addTransformer(transformer, retransformLoaded);
        installedOn = instrumentation;
        if (retransformLoaded) {
            retransformAnnotated(instrumentation);
        }
    }

    private static void retransformAnnotated(Instrumentation instrumentation) {
        List<Class<?>> annotated = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getClassLoader() != null && instrumentation.isModifiableClass(type)
                    && !WeavingTransformer.isIgnored(type.getName().replace('.', '/')) && declaresAnnotatedMethod(type)) {
                annotated.add(type);
            }
        }
        for (Class<?> type : annotated) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable failure) {
                FailureLog.report(type.getName(), failure);
            }
        }
    }

    /** By annotation name: a class loader of the application may have its own copy of the annotations. */
    private static boolean declaresAnnotatedMethod(Class<?> type) {
        try {
            for (Method method : type.getDeclaredMethods()) {
                for (Annotation annotation : method.getDeclaredAnnotations()) {
                    if (AnnotatedMethodWeaver.ANNOTATIONS.contains(annotation.annotationType().getName())) {
                        return true;
                    }
                }
            }
        } catch (Throwable unlinkable) {
            // Its methods name a class that cannot be loaded: it cannot be inspected, so say so rather than skip it quietly.
            FailureLog.report(type.getName() + " (its methods could not be read to find the annotations)", unlinkable);
            return false;
        }
        return false;
    }
}
