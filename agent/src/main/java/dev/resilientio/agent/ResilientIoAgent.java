package dev.resilientio.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.resilientio.core.weaving.InlinedAdvice;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Byte Buddy agent: {@code java -javaagent:resilient-io-agent.jar -jar app.jar} applies
 * {@code @RetryFileOperation}, {@code @FileLocked} and {@code @AtomicWrite} as classes load, with
 * exactly the behaviour of the AspectJ aspects (both call core's {@code AnnotatedMethod}). It can
 * also be attached to a running JVM, which retransforms the classes already loaded.
 */
public final class ResilientIoAgent {

    private static final String ANNOTATIONS = "dev.resilientio.annotations.";

    /** A method the agent instruments: carries one of the annotations and has a body. */
    static final ElementMatcher.Junction<MethodDescription> ANNOTATED_METHOD =
            isAnnotatedWith(named(ANNOTATIONS + "RetryFileOperation"))
                    .or(isAnnotatedWith(named(ANNOTATIONS + "FileLocked")))
                    .or(isAnnotatedWith(named(ANNOTATIONS + "AtomicWrite")))
                    .and(not(isAbstract()));

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
        install(instrumentation, AgentBuilder.RedefinitionStrategy.DISABLED);
    }

    /**
     * Installs the agent into a running JVM, retransforming the annotated classes already loaded.
     *
     * @param arguments ignored
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
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
        install(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    /** At start-up no application class is loaded yet, so scanning loaded classes would only cost time. */
    private static synchronized void install(Instrumentation instrumentation,
            AgentBuilder.RedefinitionStrategy redefinition) {
        if (installedOn != null) {
            return;
        }
        if (redefinition == AgentBuilder.RedefinitionStrategy.DISABLED) {
            instrumentation.addTransformer(new AnnotationPrefilter(() -> agentBuilder(redefinition).makeRaw()), false);
        } else {
            agentBuilder(redefinition).installOn(instrumentation);
        }
        installedOn = instrumentation;
    }

    private static AgentBuilder agentBuilder(AgentBuilder.RedefinitionStrategy redefinition) {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(redefinition)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .ignore(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                        .or(nameStartsWith("dev.resilientio.core.")).or(nameStartsWith("dev.resilientio.agent."))
                        .or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()))
                .type(declaresMethod(ANNOTATED_METHOD))
                .transform((typeBuilder, type, loader, module, domain) -> {
                    recordInstrumented(type);
                    return typeBuilder.visit(Advice.to(AnnotatedMethodAdvice.class).on(ANNOTATED_METHOD));
                })
                .with(new FailureLog());
    }

    private static void recordInstrumented(TypeDescription type) {
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods().filter(ANNOTATED_METHOD)) {
            InlinedAdvice.instrumented(type.getName(), method.getInternalName(), method.getDescriptor());
        }
    }
}
