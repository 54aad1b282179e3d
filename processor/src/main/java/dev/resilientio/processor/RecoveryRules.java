package dev.resilientio.processor;

import dev.resilientio.core.rules.RecoveryMessages;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The compile-time checks of {@code @RecoverFromBackup}, as the runtime applies them ({@code MethodPlan}):
 * not with {@code @AtomicWrite}, no {@code restore} under a shared lock, and a parameter to redirect
 * to a backup (the target rules 1 and 3, as {@code @AtomicWrite} needs).
 */
final class RecoveryRules {

    private final TargetRules targets;
    private final Report report;

    RecoveryRules(TargetRules targets, Report report) {
        this.targets = targets;
        this.report = report;
    }

    void check(ExecutableElement method, AnnotationMirror recover, AnnotationMirror lock, AnnotationMirror atomic) {
        if (atomic != null) {
            report.error(method, recover, null, RecoveryMessages.withAtomicWrite(Names.describe(method)));
            return;
        }
        AnnotationValue restore = Attributes.explicit(recover).get("restore");
        if (restore != null && Boolean.TRUE.equals(restore.getValue()) && lock != null && isShared(lock)) {
            report.error(method, recover, restore, RecoveryMessages.restoreUnderSharedLock(Names.describe(method)));
        }
        targets.checkRedirect(method, recover, RecoveryMessages.nothingToRedirect(Names.describe(method)));
    }

    private static boolean isShared(AnnotationMirror lock) {
        AnnotationValue mode = Attributes.explicit(lock).get("mode");
        return mode != null && mode.getValue() instanceof VariableElement
                && ((VariableElement) mode.getValue()).getSimpleName().contentEquals("SHARED");
    }
}
