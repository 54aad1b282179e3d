package dev.resilientio.enginecopy;

import dev.resilientio.core.weaving.InlinedAdvice;

/** Prints where the engine's classes came from: the application's copy of resilient-io-core, or the agent jar. */
public final class EngineCopyMain {

    private EngineCopyMain() {
    }

    public static void main(String[] args) {
        System.out.println("engine: " + InlinedAdvice.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
