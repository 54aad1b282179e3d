package dev.resilientio.processor;

import dev.resilientio.core.rules.Setting;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/**
 * Warns when two methods of one compilation name the same circuit breaker with different
 * {@code @FileCircuitBreaker} values: the JVM has one breaker per name, made with the values of
 * whichever method runs first, so the other method's values would silently not apply.
 */
final class SharedBreakers {

    private static final String[] ATTRIBUTES = {"failureThreshold", "successThreshold", "openDuration", "halfOpenMaxCalls"};

    private final Report report;
    /** The first method seen per breaker name, and its values; kept across rounds. */
    private final Map<String, First> seen = new HashMap<>();

    private record First(String method, Map<String, String> values) {
    }

    SharedBreakers(Report report) {
        this.report = report;
    }

    /**
     * Remembers a method's breaker, or warns when an earlier method named it with other values.
     *
     * @param operation the method's {@code @RetryFileOperation(name)}, or empty: the breaker's name when its own is empty
     */
    void check(ExecutableElement method, AnnotationMirror annotation, String operation) {
        String own = Attributes.string(annotation, "name");
        String name = !own.isEmpty() ? own : !operation.isEmpty() ? operation
                : Names.defaultOperation(method);
        Map<String, String> values = values(annotation);
        First first = seen.putIfAbsent(name, new First(Names.describe(method), values));
        if (first != null && !first.values.equals(values)) {
            report.warning(method, annotation, "@FileCircuitBreaker on " + Names.describe(method) + " names the breaker '"
                    + name + "' with " + describe(values) + ", but " + first.method + " names it with "
                    + describe(first.values) + ". A JVM has one breaker per name, made with the values of whichever"
                    + " method runs first. Give both the same values, or leave them out and set them once with "
                    + Setting.ENV_PREFIX + Setting.environmentKey(name) + "_CIRCUIT_BREAKER_FAILURE_THRESHOLD and the like.");
        }
    }

    private static Map<String, String> values(AnnotationMirror annotation) {
        Map<String, AnnotationValue> explicit = Attributes.explicit(annotation);
        Map<String, String> values = new LinkedHashMap<>();
        for (String attribute : ATTRIBUTES) {
            AnnotationValue value = explicit.get(attribute);
            Object given = value == null ? null : value.getValue();
            // An attribute at its sentinel says as little as one left out.
            boolean sentinel = given == null || Integer.valueOf(-1).equals(given) || "".equals(given);
            values.put(attribute, sentinel ? "(configured)" : String.valueOf(given));
        }
        return values;
    }

    private static String describe(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
