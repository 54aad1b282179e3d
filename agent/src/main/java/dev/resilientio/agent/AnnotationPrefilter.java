package dev.resilientio.agent;

import dev.resilientio.core.internal.WeavingMarkers;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * Passes to Byte Buddy only the classes whose class file mentions one of the annotations' package:
 * a scan of the raw bytes instead of parsing every class the application loads, so start-up cost
 * grows with the annotated classes, not with all classes. Byte Buddy itself is set up only when the
 * first such class loads, so an application without annotated classes never pays for it. Written
 * by hand because Byte Buddy's matchers see a parsed type description, never the bytes; the search
 * is the weaving check's.
 */
final class AnnotationPrefilter implements ClassFileTransformer {

    private static final byte[] MARK = "Ldev/resilientio/annotations/".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<ClassFileTransformer> setUp;
    private volatile ClassFileTransformer delegate;

    AnnotationPrefilter(Supplier<ClassFileTransformer> setUp) {
        this.setUp = setUp;
    }

    private ClassFileTransformer delegate() {
        ClassFileTransformer ready = delegate;
        if (ready == null) {
            synchronized (this) {
                ready = delegate;
                if (ready == null) {
                    ready = setUp.get();
                    delegate = ready;
                }
            }
        }
        return ready;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        return mentionsAnnotations(classfileBuffer)
                ? delegate().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer)
                : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        return mentionsAnnotations(classfileBuffer)
                ? delegate().transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer)
                : null;
    }

    static boolean mentionsAnnotations(byte[] bytes) {
        return WeavingMarkers.contains(bytes, MARK);
    }
}
