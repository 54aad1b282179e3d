package dev.resilientio.processor;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.rules.BreakerRules;
import dev.resilientio.core.rules.SettingRules;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/**
 * Attribute values checked by the same grammar and range rules the runtime applies
 * ({@link SettingRules}), so a value the compiler accepts is one the runtime accepts.
 */
final class AttributeRules {

    private static final String KEEP_DEFAULT = "; or leave the attribute out to take the value from configuration.";

    private final Report report;

    AttributeRules(Report report) {
        this.report = report;
    }

    void checkRetry(ExecutableElement method, AnnotationMirror annotation) {
        Map<String, AnnotationValue> values = Attributes.explicit(annotation);
        whole(method, annotation, values.get("maxAttempts"),
                v -> SettingRules.checkMaxAttempts("@RetryFileOperation(maxAttempts)", v));
        number(method, annotation, values.get("multiplier"),
                v -> SettingRules.checkMultiplier("@RetryFileOperation(multiplier)", v));
        number(method, annotation, values.get("jitter"),
                v -> SettingRules.checkJitter("@RetryFileOperation(jitter)", v));
        Duration initial = duration(method, annotation, values.get("initialDelay"), "@RetryFileOperation(initialDelay)",
                SettingRules::parseDelay);
        Duration max = duration(method, annotation, values.get("maxDelay"), "@RetryFileOperation(maxDelay)",
                SettingRules::parseDelay);
        if (initial != null && max != null) {
            check(method, annotation, values.get("maxDelay"), () -> SettingRules.checkDelayOrder(
                    "@RetryFileOperation(maxDelay)", max, "@RetryFileOperation(initialDelay)", initial));
        }
        duration(method, annotation, values.get("maxDuration"), "@RetryFileOperation(maxDuration)",
                SettingRules::parseMaxDuration);
    }

    void checkLock(ExecutableElement method, AnnotationMirror annotation) {
        duration(method, annotation, Attributes.explicit(annotation).get("timeout"), "@FileLocked(timeout)",
                SettingRules::parseLockTimeout);
    }

    void checkAtomic(ExecutableElement method, AnnotationMirror annotation) {
        whole(method, annotation, Attributes.explicit(annotation).get("backups"),
                v -> SettingRules.checkBackups("@AtomicWrite(backups)", v));
    }

    void checkBreaker(ExecutableElement method, AnnotationMirror annotation) {
        Map<String, AnnotationValue> values = Attributes.explicit(annotation);
        for (String calls : new String[] {"failureThreshold", "successThreshold", "halfOpenMaxCalls"}) {
            whole(method, annotation, values.get(calls), v -> BreakerRules.checkCalls("@FileCircuitBreaker(" + calls + ")", v));
        }
        duration(method, annotation, values.get("openDuration"), "@FileCircuitBreaker(openDuration)",
                BreakerRules::parseOpenDuration);
        AnnotationValue name = values.get("name");
        if (name != null && name.getValue() instanceof String && !((String) name.getValue()).isEmpty()) {
            check(method, annotation, name, () -> BreakerRules.parseName("@FileCircuitBreaker(name)", (String) name.getValue()));
        }
    }

    private void whole(ExecutableElement method, AnnotationMirror annotation, AnnotationValue value,
            Consumer<Integer> rule) {
        if (value != null && value.getValue() instanceof Integer && (Integer) value.getValue() != -1) {
            check(method, annotation, value, () -> rule.accept((Integer) value.getValue()));
        }
    }

    private void number(ExecutableElement method, AnnotationMirror annotation, AnnotationValue value,
            Consumer<Double> rule) {
        if (value != null && value.getValue() instanceof Number && ((Number) value.getValue()).doubleValue() != -1) {
            check(method, annotation, value, () -> rule.accept(((Number) value.getValue()).doubleValue()));
        }
    }

    /** The parsed duration, or null when the attribute is left to configuration or is wrong (then reported). */
    private Duration duration(ExecutableElement method, AnnotationMirror annotation, AnnotationValue value,
            String setting, BiFunction<String, String, Duration> rule) {
        if (value == null || !(value.getValue() instanceof String) || ((String) value.getValue()).isEmpty()) {
            return null;
        }
        Duration[] parsed = new Duration[1];
        check(method, annotation, value, () -> parsed[0] = rule.apply(setting, (String) value.getValue()));
        return parsed[0];
    }

    private void check(ExecutableElement method, AnnotationMirror annotation, AnnotationValue value, Runnable rule) {
        try {
            rule.run();
        } catch (ResilientIoConfigException e) {
            report.error(method, annotation, value, e.getMessage() + " (on " + Names.describe(method) + ")" + KEEP_DEFAULT);
        }
    }
}
