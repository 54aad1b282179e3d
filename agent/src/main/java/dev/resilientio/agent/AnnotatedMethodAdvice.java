package dev.resilientio.agent;

import dev.resilientio.core.weaving.InlinedAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice the agent inlines into every annotated method: it only hands the call to core's
 * {@link InlinedAdvice} and the outcome back. Inlined, so it may use only what the instrumented
 * class can see: core's public entry point.
 */
public final class AnnotatedMethodAdvice {

    private AnnotatedMethodAdvice() {
    }

    /**
     * Runs the call under the method's annotations, skipping the body that the call ran itself.
     *
     * @param type the class that declares the annotated method, a constant
     * @param nameAndDescriptor the method's name and descriptor, a constant
     * @param self the instance, or {@code null} for a static method
     * @param arguments the call's arguments
     * @return {@code null} to run the body as it is, else the call's outcome
     */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String nameAndDescriptor,
            @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] arguments) {
        return InlinedAdvice.enter(type, nameAndDescriptor, self, arguments);
    }

    /**
     * Returns or throws what the call ended with.
     *
     * @param outcome what {@link #enter} returned
     * @param returned the method's return value
     * @param thrown the method's exception
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object outcome,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (outcome != null) {
            thrown = InlinedAdvice.failure(outcome);
            if (thrown == null) {
                returned = InlinedAdvice.result(outcome);
            }
        }
    }
}
