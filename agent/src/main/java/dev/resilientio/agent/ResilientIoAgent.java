package dev.resilientio.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The Byte Buddy agent: {@code java -javaagent:resilient-io-agent.jar -jar app.jar} applies
 * {@code @RetryFileOperation}, {@code @FileLocked}, {@code @AtomicWrite}, {@code @FileCircuitBreaker} and
 * {@code @RecoverFromBackup} as classes load, with exactly the behaviour of the AspectJ aspects (both call core's {@code AnnotatedMethod}). It can
 * also be attached to a running JVM, which retransforms the classes already loaded.
 *
 * <p>The agent jar is on the system class path, where the application's class loaders can see
 * it. Only the engine ({@code resilient-io-core} and the annotations) and this class are visible
 * there; the agent's own code and its Byte Buddy sit in the jar under {@code inst/} and load in a
 * class loader of their own ({@link AgentClassLoader}), so nothing the agent carries can shadow a
 * library of the application, its logging included. This class uses nothing but the JDK.
 */
public final class ResilientIoAgent {

    private static final String INSTALLER = "dev.resilientio.agent.internal.AgentInstaller";

    private ResilientIoAgent() {
    }

    /**
     * Installs the agent at start-up ({@code -javaagent}).
     *
     * @param arguments ignored
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        call("install", new Class<?>[] {Instrumentation.class, boolean.class}, instrumentation, false);
    }

    /**
     * Installs the agent into a running JVM, retransforming the annotated classes already loaded.
     *
     * @param arguments ignored
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        call("install", new Class<?>[] {Instrumentation.class, boolean.class}, instrumentation, true);
    }

    /**
     * Installs the agent into this JVM by attaching to it (Byte Buddy's self-attach); for tests and
     * for applications that cannot change their command line. Does nothing the second time.
     */
    public static void install() {
        call("selfAttach", new Class<?>[0]);
    }

    /**
     * Installs the agent on the given instrumentation, retransforming the annotated classes already
     * loaded. Does nothing the second time.
     *
     * @param instrumentation the JVM's instrumentation
     */
    public static void install(Instrumentation instrumentation) {
        call("install", new Class<?>[] {Instrumentation.class, boolean.class}, instrumentation, true);
    }

    private static void call(String method, Class<?>[] types, Object... arguments) {
        ClassLoader hidden;
        try {
            hidden = AgentClassLoader.of(ResilientIoAgent.class);
        } catch (IOException unreadable) {
            throw new IllegalStateException("resilient-io agent: could not open its own jar "
                    + ResilientIoAgent.class.getProtectionDomain().getCodeSource().getLocation() + " (" + unreadable
                    + "); check that the file is there and readable by this process", unreadable);
        }
        Method entry;
        try {
            entry = hidden.loadClass(INSTALLER).getMethod(method, types);
        } catch (ReflectiveOperationException | LinkageError broken) {
            throw new IllegalStateException("resilient-io agent: its jar is incomplete (" + broken + "); use the"
                    + " resilient-io-agent jar as published, not a repackaged copy", broken);
        }
        try {
            entry.invoke(null, arguments);
        } catch (InvocationTargetException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
