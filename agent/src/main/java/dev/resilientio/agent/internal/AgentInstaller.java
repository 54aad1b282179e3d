package dev.resilientio.agent.internal;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs the weaving transformer; called by {@code dev.resilientio.agent.ResilientIoAgent} through
 * the agent's own class loader. Not API.
 */
public final class AgentInstaller {

    private static Instrumentation installedOn;

    private AgentInstaller() {
    }

    /**
     * Attaches the agent to this JVM (Byte Buddy's self-attach) and installs it.
     */
    public static void selfAttach() {
        install(ByteBuddyAgent.install(), true);
    }

    /**
     * Installs the transformer once per JVM; at start-up no application class is loaded yet, so
     * scanning the loaded classes would only cost time.
     *
     * @param instrumentation the JVM's instrumentation
     * @param retransformLoaded whether to retransform the annotated classes already loaded
     */
    public static synchronized void install(Instrumentation instrumentation, boolean retransformLoaded) {
        if (installedOn != null) {
            return;
        }
        EngineVersion.check();
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
