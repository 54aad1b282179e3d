package dev.resilientio.processor;

import dev.resilientio.core.rules.TargetMessages;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Turns misuse of the resilient-io annotations into compile errors at the element: no or an
 * ambiguous target file, {@code @TargetFile} on a type it cannot hold, {@code @AtomicWrite} with
 * nothing to redirect, {@code @RecoverFromBackup} with {@code @AtomicWrite}, with nothing to redirect or
 * restoring under a shared lock, attribute values the runtime would reject, {@code retryOn} classes the
 * method cannot throw or that {@code abortOn} cancels, and Kotlin {@code suspend} functions; a
 * warning for annotations on abstract methods, which are never woven. Works under javac and kapt.
 */
public final class ResilientIoProcessor extends AbstractProcessor {

    private static final Set<String> METHOD_ANNOTATIONS = Set.of(Names.RETRY, Names.LOCKED, Names.ATOMIC, Names.BREAKER,
            Names.RECOVER);

    private Report report;
    private TargetRules targets;
    private AttributeRules attributes;
    private ThrowableRules throwables;
    private SharedBreakers breakers;
    private RecoveryRules recovery;

    /** Creates the processor; javac and kapt find it through its service file. */
    public ResilientIoProcessor() {
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        report = new Report(environment.getMessager());
        targets = new TargetRules(environment.getTypeUtils(), report);
        attributes = new AttributeRules(report);
        throwables = new ThrowableRules(environment.getTypeUtils(), environment.getElementUtils(), report);
        breakers = new SharedBreakers(report);
        recovery = new RecoveryRules(targets, report);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Names.RETRY, Names.LOCKED, Names.ATOMIC, Names.BREAKER, Names.RECOVER, Names.TARGET);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Set<ExecutableElement> methods = new LinkedHashSet<>();
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (METHOD_ANNOTATIONS.contains(name) && element.getKind() == ElementKind.METHOD) {
                    methods.add((ExecutableElement) element);
                } else if (name.equals(Names.TARGET)) {
                    targets.checkTargetFileType(element, Attributes.find(element, Names.TARGET));
                }
            }
        }
        methods.forEach(this::checkMethod);
        // Other processors may read these annotations too.
        return false;
    }

    private void checkMethod(ExecutableElement method) {
        AnnotationMirror retry = Attributes.find(method, Names.RETRY);
        AnnotationMirror lock = Attributes.find(method, Names.LOCKED);
        AnnotationMirror atomic = Attributes.find(method, Names.ATOMIC);
        AnnotationMirror breaker = Attributes.find(method, Names.BREAKER);
        AnnotationMirror recover = Attributes.find(method, Names.RECOVER);
        AnnotationMirror first = retry != null ? retry : lock != null ? lock : atomic != null ? atomic
                : recover != null ? recover : breaker;
        if (isSuspend(method)) {
            // Without the Continuation that kotlinc adds, as the function is written.
            String function = Names.describe(method, method.getParameters().size() - 1);
            report.error(method, first, null, TargetMessages.suspendFunction(function, Names.at(nameOf(first))));
            return;
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            report.warning(method, first, Names.at(nameOf(first)) + " on " + Names.describe(method)
                    + " is never applied: the method is abstract, and weaving changes method bodies. Annotate the"
                    + " implementing method instead.");
            return;
        }
        if (retry != null) {
            attributes.checkRetry(method, retry);
            throwables.check(method, retry, !isKotlin(method));
        }
        if (lock != null) {
            attributes.checkLock(method, lock);
            targets.checkTarget(method, lock, "@FileLocked", Attributes.string(lock, "path"),
                    Attributes.explicit(lock).get("path"));
        } else if (retry != null) {
            targets.checkTarget(method, retry, "@RetryFileOperation", "", null);
        }
        if (atomic != null) {
            attributes.checkAtomic(method, atomic);
            targets.checkRedirect(method, atomic);
        }
        if (breaker != null) {
            attributes.checkBreaker(method, breaker);
            breakers.check(method, breaker, retry == null ? "" : Attributes.string(retry, "name"));
        }
        if (recover != null) {
            recovery.check(method, recover, lock, atomic);
        }
    }

    private static String nameOf(AnnotationMirror annotation) {
        return ((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    /** kapt's stub of a suspend function ends with a {@code kotlin.coroutines.Continuation} parameter. */
    private static boolean isSuspend(ExecutableElement method) {
        if (method.getParameters().isEmpty()) {
            return false;
        }
        VariableElement last = method.getParameters().get(method.getParameters().size() - 1);
        TypeMirror type = last.asType();
        return type.getKind() == TypeKind.DECLARED && ((TypeElement) ((DeclaredType) type).asElement())
                .getQualifiedName().contentEquals("kotlin.coroutines.Continuation");
    }

    /** Kotlin classes carry {@code @kotlin.Metadata}; their methods declare no checked exceptions. */
    private static boolean isKotlin(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            if ((e.getKind().isClass() || e.getKind().isInterface()) && Attributes.find(e, "kotlin.Metadata") != null) {
                return true;
            }
        }
        return false;
    }
}
