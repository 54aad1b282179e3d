package dev.resilientio.processor;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports problems to the compiler at the element they concern, each text once per element. */
final class Report {

    private final Messager messager;
    private final Set<String> reported = new HashSet<>();

    Report(Messager messager) {
        this.messager = messager;
    }

    void error(Element element, AnnotationMirror annotation, AnnotationValue value, String text) {
        print(Diagnostic.Kind.ERROR, element, annotation, value, text);
    }

    void error(Element element, String text) {
        print(Diagnostic.Kind.ERROR, element, null, null, text);
    }

    void warning(Element element, AnnotationMirror annotation, String text) {
        print(Diagnostic.Kind.WARNING, element, annotation, null, text);
    }

    private void print(Diagnostic.Kind kind, Element element, AnnotationMirror annotation, AnnotationValue value,
            String text) {
        // Two annotations of one method can meet the same problem (an ambiguous parameter); say it once.
        if (!reported.add(System.identityHashCode(element) + ":" + text)) {
            return;
        }
        messager.printMessage(kind, text, element, annotation, value);
    }
}
