package dev.resilientio.processor;

import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
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
