package dev.resilientio.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;

/** Reads annotation attributes from source: only values written out, since the defaults are sentinels. */
final class Attributes {

    private Attributes() {
    }

    static Map<String, AnnotationValue> explicit(AnnotationMirror annotation) {
        Map<String, AnnotationValue> values = new HashMap<>();
        annotation.getElementValues().forEach((name, value) -> values.put(name.getSimpleName().toString(), value));
        return values;
    }

    static AnnotationMirror find(Element element, String annotationName) {
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            if (((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName()
                    .contentEquals(annotationName)) {
                return annotation;
            }
        }
        return null;
    }

    static String string(AnnotationMirror annotation, String name) {
        AnnotationValue value = explicit(annotation).get(name);
        return value != null && value.getValue() instanceof String ? (String) value.getValue() : "";
    }

    /** The classes of a {@code Class[]} attribute that the compiler could resolve. */
    static List<DeclaredType> classes(AnnotationValue value) {
        List<DeclaredType> classes = new ArrayList<>();
        if (value != null && value.getValue() instanceof List) {
            for (Object item : (List<?>) value.getValue()) {
                Object type = ((AnnotationValue) item).getValue();
                if (type instanceof TypeMirror && ((TypeMirror) type).getKind() == TypeKind.DECLARED) {
                    classes.add((DeclaredType) type);
                }
            }
        }
        return classes;
    }
}
