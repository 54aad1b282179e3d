package dev.resilientio.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * {@code retryOn} and {@code abortOn}: no class in both (or retried only to be aborted, since
 * {@code abortOn} wins), and every {@code retryOn} class one the method can throw. Any method can
 * meet an {@code IOException} wrapped in an unchecked exception (Jackson 3's
 * {@code JacksonIOException}, {@code UncheckedIOException}), and retry matches {@code retryOn}
 * against the IO error inside such a wrapper, so every {@code IOException} class passes.
 */
final class ThrowableRules {

    private final Types types;
    private final TypeMirror runtimeException;
    private final TypeMirror error;
    private final TypeMirror ioException;
    private final Report report;

    ThrowableRules(Types types, Elements elements, Report report) {
        this.types = types;
        this.runtimeException = elements.getTypeElement("java.lang.RuntimeException").asType();
        this.error = elements.getTypeElement("java.lang.Error").asType();
        this.ioException = elements.getTypeElement("java.io.IOException").asType();
        this.report = report;
    }

    /**
     * Checks the two lists of one method.
     *
     * @param checkedExceptions whether the method's {@code throws} clause says what it can throw
     *     (not so for Kotlin, which has no checked exceptions)
     */
    void check(ExecutableElement method, AnnotationMirror annotation, boolean checkedExceptions) {
        Map<String, AnnotationValue> values = Attributes.explicit(annotation);
        List<DeclaredType> retryOn = Attributes.classes(values.get("retryOn"));
        List<DeclaredType> abortOn = Attributes.classes(values.get("abortOn"));
        for (DeclaredType retried : retryOn) {
            for (DeclaredType aborted : abortOn) {
                if (types.isSameType(retried, aborted)) {
                    report.error(method, annotation, values.get("retryOn"), "@RetryFileOperation on "
                            + Names.describe(method) + " lists " + retried + " in both retryOn and abortOn; abortOn wins,"
                            + " so keep it in only one of them.");
                } else if (types.isSubtype(retried, aborted)) {
                    report.error(method, annotation, values.get("retryOn"), "@RetryFileOperation on "
                            + Names.describe(method) + " retries " + retried + ", but abortOn has its supertype "
                            + aborted + " and abortOn wins, so it would never be retried; remove one of them.");
                }
            }
            if (checkedExceptions && !canThrow(method, retried)) {
                report.error(method, annotation, values.get("retryOn"), "@RetryFileOperation(retryOn) on "
                        + Names.describe(method) + " names " + retried + ", which the method cannot throw: it is a"
                        + " checked exception its throws clause does not cover. Declare it (or a supertype) in the throws"
                        + " clause, or remove it from retryOn.");
            }
        }
    }

    private boolean canThrow(ExecutableElement method, TypeMirror thrown) {
        if (types.isSubtype(thrown, runtimeException) || types.isSubtype(thrown, error)
                || types.isSubtype(runtimeException, thrown) || types.isSubtype(thrown, ioException)) {
            return true;
        }
        for (TypeMirror declared : method.getThrownTypes()) {
            if (types.isSubtype(thrown, declared) || types.isSubtype(declared, thrown)) {
                return true;
            }
        }
        return false;
    }
}
