package dev.resilientio.agent.internal;

import dev.resilientio.core.weaving.WeavingMarkers;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Weaves the classes whose class file mentions the annotations' package as they load (or are
 * retransformed). Every other class costs one scan of its raw bytes, never a parse, so start-up
 * cost grows with the annotated classes, not with all classes; the search is the weaving check's.
 * Never throws: a class it cannot weave is reported loudly and loads unwoven.
 */
final class WeavingTransformer implements ClassFileTransformer {

    private static final byte[] MARK = "Ldev/resilientio/annotations/".getBytes(StandardCharsets.US_ASCII);

    /** The JDK, resilient-io's own engine and its shaded libraries: never woven. */
    private static final List<String> IGNORED = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/",
            "dev/resilientio/core/", "dev/resilientio/agent/", "net/bytebuddy/");

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // The bootstrap loader cannot see core's InlinedAdvice, which the woven code calls.
        if (loader == null || className == null || isIgnored(className) || !mentionsAnnotations(classfileBuffer)) {
            return null;
        }
        try {
            EngineVersion.checkLoader(loader);
            return AnnotatedMethodWeaver.weave(classfileBuffer);
        } catch (Throwable failure) {
            FailureLog.report(className.replace('/', '.'), failure);
            return null;
        }
    }

    static boolean isIgnored(String internalName) {
        for (String prefix : IGNORED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean mentionsAnnotations(byte[] bytes) {
        return WeavingMarkers.contains(bytes, MARK);
    }
}
