package dev.resilientio.processor;

import dev.resilientio.core.rules.TargetMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The five target rules of the design, on source elements: the parameter marked {@code @TargetFile},
 * the annotation's {@code path}, the only {@code Path}/{@code File} parameter, a {@code @TargetFile}
 * field or no-argument method of the class, else an error. The runtime applies the same rules by
 * reflection ({@code MethodTargets}); this is their compile-time form.
 */
final class TargetRules {

    static final Set<String> TARGET_TYPES = Set.of("java.nio.file.Path", "java.io.File", "java.lang.String");
    private static final Set<String> FILE_TYPES = Set.of("java.nio.file.Path", "java.io.File");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Types types;
    private final Report report;

    TargetRules(Types types, Report report) {
        this.types = types;
        this.report = report;
    }

    /** Rules 1 to 4, for {@code @FileLocked} (with its path) or {@code @RetryFileOperation}. */
    void checkTarget(ExecutableElement method, AnnotationMirror annotation, String annotationName, String fixedPath,
            AnnotationValue pathValue) {
        if (!markedParameterIsValid(method)) {
            return;
        }
        if (markedParameter(method) != null) {
            return;
        }
        if (!fixedPath.isEmpty()) {
            checkPlaceholders(method, annotation, pathValue, fixedPath);
            return;
        }
        List<VariableElement> files = fileParameters(method);
        if (files.size() > 1) {
            reportAmbiguous(method, files);
            return;
        }
        if (files.size() == 1) {
            return;
        }
        List<Element> members = markedMembers(Names.owner(method));
        if (members.isEmpty()) {
            report.error(method, annotation, null, TargetMessages.noTarget(annotationName, Names.describe(method)));
            return;
        }
        checkMember(method, members);
    }

    /** Rules 1 and 3: the parameter {@code @AtomicWrite} redirects to the temp file. */
    void checkRedirect(ExecutableElement method, AnnotationMirror annotation) {
        checkRedirect(method, annotation, TargetMessages.nothingToRedirect(Names.describe(method)));
    }

    /** Rules 1 and 3 for any annotation that redirects the target parameter; {@code nothing} is its message when there is none. */
    void checkRedirect(ExecutableElement method, AnnotationMirror annotation, String nothing) {
        if (!markedParameterIsValid(method) || markedParameter(method) != null) {
            return;
        }
        List<VariableElement> files = fileParameters(method);
        if (files.size() > 1) {
            reportAmbiguous(method, files);
        } else if (files.isEmpty()) {
            report.error(method, annotation, null, nothing);
        }
    }

    /** The type rule of {@code @TargetFile} wherever it is written. */
    void checkTargetFileType(Element element, AnnotationMirror annotation) {
        TypeMirror type = element.getKind() == ElementKind.METHOD
                ? ((ExecutableElement) element).getReturnType() : element.asType();
        if (!isOneOf(type, TARGET_TYPES)) {
            report.error(element, annotation, null, TargetMessages.unsupportedType(describeMember(element),
                    type.toString()));
        }
        if (element.getKind() == ElementKind.METHOD && !((ExecutableElement) element).getParameters().isEmpty()) {
            report.error(element, annotation, null, TargetMessages.getterWithParameters(describeMember(element)));
        }
        if (element.getKind() == ElementKind.PARAMETER
                && element.getEnclosingElement().getKind() == ElementKind.CONSTRUCTOR) {
            report.warning(element, annotation, "@TargetFile on a constructor parameter (" + element.getSimpleName()
                    + " of " + Names.owner(element.getEnclosingElement()).getQualifiedName() + ") is never read; mark the"
                    + " field or getter that keeps the file (in Kotlin, @field:TargetFile or @get:TargetFile on the"
                    + " property).");
        }
    }

    private boolean markedParameterIsValid(ExecutableElement method) {
        List<VariableElement> marked = method.getParameters().stream().filter(TargetRules::isMarked)
                .collect(Collectors.toList());
        if (marked.size() > 1) {
            report.error(marked.get(1), TargetMessages.twoMarkedParameters(Names.describe(method),
                    method.getParameters().indexOf(marked.get(0)) + 1, method.getParameters().indexOf(marked.get(1)) + 1));
            return false;
        }
        return marked.isEmpty() || isOneOf(marked.get(0).asType(), TARGET_TYPES);
    }

    private static VariableElement markedParameter(ExecutableElement method) {
        return method.getParameters().stream().filter(TargetRules::isMarked).findFirst().orElse(null);
    }

    private List<VariableElement> fileParameters(ExecutableElement method) {
        return method.getParameters().stream().filter(p -> isOneOf(p.asType(), FILE_TYPES))
                .collect(Collectors.toList());
    }

    private void reportAmbiguous(ExecutableElement method, List<VariableElement> files) {
        report.error(method, TargetMessages.ambiguousParameters(Names.describe(method),
                files.stream().map(p -> method.getParameters().indexOf(p) + 1).collect(Collectors.toList())));
    }

    private List<Element> markedMembers(TypeElement type) {
        List<Element> members = new ArrayList<>();
        for (TypeElement c = type; c != null && !c.getQualifiedName().contentEquals("java.lang.Object");
                c = superclass(c)) {
            for (Element member : c.getEnclosedElements()) {
                boolean candidate = member.getKind() == ElementKind.FIELD || member.getKind() == ElementKind.METHOD;
                if (candidate && isMarked(member)) {
                    members.add(member);
                }
            }
        }
        return members;
    }

    private void checkMember(ExecutableElement method, List<Element> members) {
        if (members.size() > 1) {
            report.error(method, TargetMessages.ambiguousMembers(Names.owner(method).getQualifiedName().toString(),
                    members.stream().map(m -> m.getSimpleName().toString()).collect(Collectors.toList()),
                    Names.describe(method)));
            return;
        }
        Element member = members.get(0);
        boolean staticMember = member.getModifiers().contains(Modifier.STATIC);
        if (!staticMember && method.getModifiers().contains(Modifier.STATIC)) {
            report.error(method, TargetMessages.staticMethodInstanceMember(Names.describe(method), describeMember(member)));
        }
    }

    private void checkPlaceholders(ExecutableElement method, AnnotationMirror annotation, AnnotationValue value,
            String path) {
        Matcher matcher = PLACEHOLDER.matcher(path);
        while (matcher.find()) {
            if (matcher.group(1).isBlank()) {
                report.error(method, annotation, value, TargetMessages.emptyPlaceholder(path, Names.describe(method)));
            }
        }
    }

    private static String describeMember(Element element) {
        switch (element.getKind()) {
            case PARAMETER:
                ExecutableElement method = (ExecutableElement) element.getEnclosingElement();
                return "parameter " + (method.getParameters().indexOf(element) + 1) + " of " + Names.describe(method);
            case METHOD:
                return "method " + element.getSimpleName() + "() of " + Names.owner(element).getQualifiedName();
            default:
                return "field " + element.getSimpleName() + " of " + Names.owner(element).getQualifiedName();
        }
    }

    private TypeElement superclass(TypeElement type) {
        TypeMirror parent = type.getSuperclass();
        return parent.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(parent) : null;
    }

    private boolean isOneOf(TypeMirror type, Set<String> names) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        return names.contains(((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString());
    }

    private static boolean isMarked(Element element) {
        return element.getAnnotationMirrors().stream().anyMatch(a -> ((TypeElement) a.getAnnotationType().asElement())
                .getQualifiedName().contentEquals(Names.TARGET));
    }
}
