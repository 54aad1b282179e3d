package dev.resilientio.processor;

import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/** Names elements in messages the way the runtime does: {@code com.example.TaskStore.save(Path, String)}. */
final class Names {

    static final String RETRY = "dev.resilientio.annotations.RetryFileOperation";
    static final String LOCKED = "dev.resilientio.annotations.FileLocked";
    static final String ATOMIC = "dev.resilientio.annotations.AtomicWrite";
    static final String RECOVER = "dev.resilientio.annotations.RecoverFromBackup";
    static final String TARGET = "dev.resilientio.annotations.TargetFile";
    static final String BREAKER = "dev.resilientio.annotations.FileCircuitBreaker";

    private Names() {
    }

    static String describe(ExecutableElement method) {
        return describe(method, method.getParameters().size());
    }

    /** Names a method by its first {@code parameters} parameters: a suspend function as its Kotlin source has it. */
    static String describe(ExecutableElement method, int parameters) {
        return owner(method).getQualifiedName() + "." + method.getSimpleName()
                + method.getParameters().stream().limit(parameters).map(p -> simpleName(p.asType()))
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    static TypeElement owner(Element member) {
        return (TypeElement) member.getEnclosingElement();
    }

    /**
     * The default operation name of a method, as the runtime forms it ({@code AnnotatedMethod}):
     * its class's simple name and its own, where a Kotlin companion object's functions take the
     * enclosing class's name, as Kotlin callers write them. A companion is a class with
     * {@code kotlin.Metadata} held by its enclosing class in a static field of its own simple name;
     * the runtime's test of the same rule is the Kotlin module's {@code OperationNameTest}.
     */
    static String defaultOperation(ExecutableElement method) {
        TypeElement type = owner(method);
        if (isKotlinCompanion(type)) {
            type = (TypeElement) type.getEnclosingElement();
        }
        return type.getSimpleName() + "." + method.getSimpleName();
    }

    private static boolean isKotlinCompanion(TypeElement type) {
        if (!(type.getEnclosingElement() instanceof TypeElement enclosing) || type.getAnnotationMirrors().stream()
                .noneMatch(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals("kotlin.Metadata"))) {
            return false;
        }
        for (Element member : enclosing.getEnclosedElements()) {
            if (member.getKind() == ElementKind.FIELD && member.getModifiers().contains(Modifier.STATIC)
                    && member.getSimpleName().contentEquals(type.getSimpleName())
                    && member.asType().toString().equals(type.asType().toString())) {
                return true;
            }
        }
        return false;
    }

    static String simpleName(TypeMirror type) {
        String name = type.toString();
        int generic = name.indexOf('<');
        String raw = generic < 0 ? name : name.substring(0, generic);
        return raw.substring(raw.lastIndexOf('.') + 1);
    }

    /** {@code @FileLocked} for {@code dev.resilientio.annotations.FileLocked}. */
    static String at(String annotation) {
        return "@" + annotation.substring(annotation.lastIndexOf('.') + 1);
    }
}
