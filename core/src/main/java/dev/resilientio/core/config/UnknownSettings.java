package dev.resilientio.core.config;

import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.rules.Setting;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports a {@code RESILIENT_IO_*} variable, {@code resilientio.*} property or application setting
 * that names no setting, such as {@code RESILIENT_IO_RETRY_MAX_ATEMPTS}, once per JVM at WARN with the
 * nearest known name: a typo would otherwise leave the setting at its default without a word. A
 * per-operation name is known when it ends with a setting's suffix, whatever the operation; a name
 * the application framework reads itself ({@link ApplicationSettings#frameworkNames()}) is known too.
 * A system property in the Spring starter's per-operation form ({@code resilientio.operations.<name>...})
 * is reported as well: the engine reads it as an operation named {@code operations.<name>}, which no
 * method has. The per-operation form of a setting of the whole JVM ({@code RESILIENT_IO_<OPERATION>_LOCK_PROVIDER})
 * names no setting either, and its warning names the global form.
 */
final class UnknownSettings {

    private static final LazyLogger LOG = new LazyLogger(ResilientIoConfig.class);
    /** Every name reported already: a reload must not repeat the WARN. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /** The Spring starter's per-operation form, which only Spring's own property sources understand. */
    private static final String SPRING_OPERATIONS = Setting.PROPERTY_PREFIX + "operations";

    private UnknownSettings() {
    }

    static void report(Map<String, String> environment, Map<String, String> properties, ApplicationSettings application) {
        for (String name : environment.keySet()) {
            if (name.equals(Setting.CIRCUIT_BREAKER.envName())) {
                warnGlobalBreaker(name, "environment variable " + name, true);
            } else if (name.startsWith(Setting.ENV_PREFIX) && !isKnown(name, true)) {
                warn(name, "environment variable " + name, true);
            }
        }
        for (String name : properties.keySet()) {
            if (name.equals(Setting.CIRCUIT_BREAKER.propertyName())) {
                warnGlobalBreaker(name, "system property " + name, false);
            } else if (isSpringOperationForm(name) && !isFramework(name, application)) {
                warnSpringForm(name);
            } else if (name.startsWith(Setting.PROPERTY_PREFIX) && !isKnown(name, false) && !isFramework(name, application)) {
                warn(name, "system property " + name, false);
            }
        }
        for (String name : application.values().keySet()) {
            if (name.equals(Setting.CIRCUIT_BREAKER.propertyName())) {
                warnGlobalBreaker(name, application.shownAs(name), false);
            } else if (name.startsWith(Setting.PROPERTY_PREFIX) && !isKnown(name, false) && !isFramework(name, application)) {
                warn(name, application.shownAs(name), false);
            }
        }
    }

    /** The framework's own name, or a name under it ({@code resilientio.circuit-breakers.x.y}). */
    private static boolean isFramework(String name, ApplicationSettings application) {
        for (String own : application.frameworkNames()) {
            if (name.equals(own) || name.startsWith(own) && (name.charAt(own.length()) == '.'
                    || name.charAt(own.length()) == '[')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The breaker an operation's calls pass through is named per operation only: one global name
     * would put every operation of the JVM, reads of local files included, behind one breaker.
     */
    private static void warnGlobalBreaker(String name, String shownAs, boolean env) {
        if (REPORTED.add(name)) {
            LOG.warn("The {} is ignored: the circuit breaker is chosen per operation only, since a global value would"
                    + " put every operation of this JVM behind one breaker. Name the breaker for each operation that"
                    + " needs it, such as {}=tasks-share, or annotate the method with @FileCircuitBreaker", shownAs,
                    env ? Setting.CIRCUIT_BREAKER.envName("ResilientJson.updateJson")
                            : Setting.CIRCUIT_BREAKER.propertyName("ResilientJson.updateJson"));
        }
    }

    private static boolean isSpringOperationForm(String name) {
        return name.startsWith(SPRING_OPERATIONS + ".") || name.startsWith(SPRING_OPERATIONS + "[");
    }

    private static void warnSpringForm(String name) {
        if (jvmWideSettingOf(name, false) != null) {
            // No operation has its own value of it, in either form: point at the global name instead.
            warn(name, "system property " + name, false);
            return;
        }
        if (REPORTED.add(name)) {
            String rest = name.substring(SPRING_OPERATIONS.length() + 1);
            int close = rest.indexOf(']');
            String engineForm = Setting.PROPERTY_PREFIX + (name.charAt(SPRING_OPERATIONS.length()) == '[' && close > 0
                    ? rest.substring(0, close) + rest.substring(close + 1) : rest);
            LOG.warn("The system property {} is in the Spring starter's form, which only application properties and"
                    + " the command line (--{}=...) understand; as a system property it names no method's operation"
                    + " and is ignored. Write -D{} (the engine's own form) or set the Spring property instead",
                    name, name, engineForm);
        }
    }

    private static boolean isKnown(String name, boolean env) {
        for (Setting setting : Setting.values()) {
            String global = env ? setting.envName() : setting.propertyName();
            String suffix = env ? "_" + setting.envSuffix() : "." + setting.propertySuffix();
            if (name.equals(global) || (setting.perOperation() && name.endsWith(suffix)
                    && name.length() > prefix(env).length() + suffix.length())) {
                return true;
            }
        }
        return false;
    }

    private static void warn(String name, String shownAs, boolean env) {
        if (!REPORTED.add(name)) {
            return;
        }
        Setting jvmWide = jvmWideSettingOf(name, env);
        if (jvmWide != null) {
            String global = env ? jvmWide.envName() : jvmWide.propertyName();
            LOG.warn("The {} names no setting of resilient-io and is ignored: {} is the whole JVM's setting, and no"
                    + " operation has its own value of it. Set {} instead", shownAs, global, global);
        } else {
            LOG.warn("The {} names no setting of resilient-io and is ignored; did you mean {}? Known settings: {}"
                    + " (and per operation, such as {})", shownAs,
                    nearest(name, env), known(env), env ? Setting.LOCK_TIMEOUT.envName("TaskStore.save")
                            : Setting.LOCK_TIMEOUT.propertyName("TaskStore.save"));
        }
    }

    /**
     * The setting of the whole JVM ({@link Setting#perOperation()} false) whose per-operation form a name
     * takes, such as {@link Setting#LOCK_PROVIDER} for {@code RESILIENT_IO_TASKSTORE_SAVE_LOCK_PROVIDER}, so
     * that the warning points at the global name rather than at a per-operation setting that looks alike.
     */
    private static Setting jvmWideSettingOf(String name, boolean env) {
        for (Setting setting : Setting.values()) {
            String suffix = env ? "_" + setting.envSuffix() : "." + setting.propertySuffix();
            if (!setting.perOperation() && name.endsWith(suffix) && name.length() > prefix(env).length() + suffix.length()) {
                return setting;
            }
        }
        return null;
    }

    /**
     * The known name nearest to a bad one: a global name, or for a name with an operation part the
     * same operation part with the nearest setting suffix.
     */
    static String nearest(String name, boolean env) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting setting : Setting.values()) {
            String global = env ? setting.envName() : setting.propertyName();
            int distance = distance(name, global);
            if (distance < bestDistance) {
                best = global;
                bestDistance = distance;
            }
            if (!setting.perOperation()) {
                continue;
            }
            String suffix = env ? setting.envSuffix() : setting.propertySuffix();
            // The operation part is whatever precedes a tail about as long as the suffix.
            for (int tail = Math.max(1, suffix.length() - 3); tail <= suffix.length() + 3; tail++) {
                int cut = name.length() - tail;
                if (cut <= prefix(env).length() + 1) {
                    continue;
                }
                String candidate = name.substring(0, cut) + suffix;
                int d = distance(name.substring(cut), suffix);
                if (d < bestDistance && candidate.charAt(cut - 1) == (env ? '_' : '.')) {
                    best = candidate;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    private static String prefix(boolean env) {
        return env ? Setting.ENV_PREFIX : Setting.PROPERTY_PREFIX;
    }

    private static String known(boolean env) {
        StringBuilder names = new StringBuilder();
        for (Setting setting : Setting.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(env ? setting.envName() : setting.propertyName());
        }
        return names.toString();
    }

    /** Levenshtein distance; the names are short, so the plain two-row table is enough. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
