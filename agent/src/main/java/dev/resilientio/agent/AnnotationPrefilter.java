package dev.resilientio.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;

/**
 * Passes to Byte Buddy only the classes whose class file mentions one of the annotations' package:
 * a scan of the raw bytes instead of parsing every class the application loads, so start-up cost
 * grows with the annotated classes, not with all classes. Written by hand because Byte Buddy's
 * matchers see a parsed type description, never the bytes.
 */
final class AnnotationPrefilter implements ClassFileTransformer {

    private static final byte[] MARK = "Ldev/resilientio/annotations/".getBytes(StandardCharsets.US_ASCII);

    private final ClassFileTransformer delegate;

    AnnotationPrefilter(ClassFileTransformer delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        return mentionsAnnotations(classfileBuffer)
                ? delegate.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer)
                : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        return mentionsAnnotations(classfileBuffer)
                ? delegate.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer)
                : null;
    }

    static boolean mentionsAnnotations(byte[] bytes) {
        byte first = MARK[0];
        outer:
        for (int i = 0, last = bytes.length - MARK.length; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < MARK.length; j++) {
                if (bytes[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
