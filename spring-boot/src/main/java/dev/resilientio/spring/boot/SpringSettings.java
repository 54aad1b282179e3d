package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.rules.Setting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code resilientio.*} properties of a Spring {@link ConfigurableEnvironment}, by Spring's relaxed
 * names, as the engine's {@link ApplicationSettings}: {@code resilientio.retry.max-attempts} (or
 * {@code resilientio.retry.maxAttempts}) is the setting of that system-property name, and
 * {@code resilientio.operations.<name>.lock.timeout} or {@code resilientio.operations[TaskStore.save].lock.timeout}
 * the per-operation {@code resilientio.<name>.lock.timeout}; {@code resilientio.circuit-breakers.<name>.failure-threshold}
 * (or {@code resilientio.circuit-breakers[tasks.share].failure-threshold}) the per-breaker
 * {@code resilientio.<name>.circuit-breaker.failure-threshold}.
 *
 * <p>The system properties and environment variables in the environment are left out: the engine reads
 * them itself, above every application setting, under its own names.
 */
final class SpringSettings {

    /** The root of every property. */
    static final String PREFIX = "resilientio";
    /** The starter's own property: what the weaving check does at start-up. */
    static final String WEAVING_CHECK = "resilientio.weaving-check";
    /** The starter's own property: whether it registers resilient-io's Micrometer meters. */
    static final String METRICS_ENABLED = "resilientio.metrics.enabled";
    /** The properties the starter reads itself: never handed to the engine, which knows them as the framework's. */
    static final List<String> STARTER_OWN = List.of(WEAVING_CHECK, METRICS_ENABLED);
    /** Where per-operation settings live. */
    static final String OPERATIONS = "operations";
    /** Where per-breaker settings live, in Spring's uniform form of {@code circuit-breakers}. */
    static final String CIRCUIT_BREAKERS = "circuitbreakers";
    /** The engine's settings of one breaker share this prefix of their property suffix. */
    private static final String BREAKER_SUFFIX = Setting.CIRCUIT_BREAKER.propertySuffix() + ".";

    private static final Log LOG = LogFactory.getLog(SpringSettings.class);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
    private static final Set<ConfigurationPropertyName> STARTER_OWN_NAMES = Set.of(
            ConfigurationPropertyName.of(WEAVING_CHECK), ConfigurationPropertyName.of(METRICS_ENABLED));

    private SpringSettings() {
    }

    /**
     * One {@code resilientio.*} property as the application wrote it.
     *
     * @param property the property as Spring names it, such as {@code resilientio.operations[TaskStore.save].lock.timeout}
     * @param engineName the engine's name of the same setting, such as {@code resilientio.TaskStore.save.lock.timeout}
     * @param value the value, placeholders resolved
     * @param origin where it was written, such as {@code class path resource [application.yml] - 3:17}; {@code null} when unknown
     */
    record Entry(String property, String engineName, String value, String origin) {

        /** How the engine's messages show it: the property and, where known, its origin. */
        String shownAs() {
            return "application property " + property + (origin == null ? "" : " (" + origin + ")");
        }
    }

    /**
     * Reads every {@code resilientio.*} property of the environment, the first source that has a setting
     * winning, whichever spelling each source uses ({@code resilientio.operations.TaskStore.save.lock.timeout}
     * and {@code resilientio.operations[TaskStore.save].lock.timeout} are one setting).
     *
     * @param environment the application's environment
     * @return the properties, the starter's own ({@link #STARTER_OWN}) left out
     */
    static List<Entry> read(ConfigurableEnvironment environment) {
        List<Entry> entries = new ArrayList<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        // Two spellings of one setting are one engine name; the sources come highest precedence first.
        Set<String> seenEngineNames = new HashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (isEngineOwn(source) || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            for (ConfigurationPropertyName name : iterable) {
                if (!ROOT.isAncestorOf(name) || STARTER_OWN_NAMES.contains(name) || !seen.add(name)) {
                    continue;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                    continue;
                }
                String value = environment.resolvePlaceholders(String.valueOf(property.getValue()));
                Origin origin = property.getOrigin();
                String where = origin == null ? null : origin.toString();
                String engineName = engineName(name);
                if (engineName == null && isBreaker(name)) {
                    LOG.warn("The property " + name + (where == null ? "" : " (" + where + ")") + " names no setting of"
                            + " a circuit breaker and is ignored; write resilientio.circuit-breakers.<name>.<setting>, such"
                            + " as resilientio.circuit-breakers.tasks-share.failure-threshold (<setting>: "
                            + breakerSettings() + "), or resilientio.circuit-breakers[<name>]... when the name has dots");
                    continue;
                }
                if (engineName == null) {
                    LOG.warn("The property " + name + (where == null ? "" : " (" + where + ")") + " names no operation"
                            + " and is ignored; write resilientio.operations.<name>." + join(name, 2, name.getNumberOfElements())
                            + ", or resilientio.operations[<name>]... when the name has dots");
                    continue;
                }
                if (!seenEngineNames.add(engineName)) {
                    continue;
                }
                entries.add(new Entry(name.toString(), engineName, value, where));
            }
        }
        return entries;
    }

    /**
     * Builds the engine's settings from the properties.
     *
     * @param entries the properties
     * @return the settings, with the starter's own property names marked as the framework's
     */
    static ApplicationSettings toApplicationSettings(List<Entry> entries) {
        ApplicationSettings.Builder builder = ApplicationSettings.builder();
        STARTER_OWN.forEach(builder::frameworkName);
        for (Entry entry : entries) {
            builder.set(entry.engineName(), entry.value(), entry.shownAs());
        }
        return builder.build();
    }

    /** The engine reads the JVM's system properties and environment variables itself, under its own names. */
    private static boolean isEngineOwn(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        if (!(underlying instanceof PropertySource<?> propertySource)) {
            return false;
        }
        String name = propertySource.getName();
        return name.equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)
                || name.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    }

    /**
     * The engine's name of a Spring property: the same for a global setting, written with the setting's
     * own spelling whatever relaxed form the application used; {@code resilientio.<operation>.<suffix>}
     * for one under {@code resilientio.operations}, the operation name as written; {@code null} for a
     * setting under {@code resilientio.operations} with no operation name.
     */
    static String engineName(ConfigurationPropertyName name) {
        int count = name.getNumberOfElements();
        if (isBreaker(name)) {
            return breakerEngineName(name);
        }
        boolean perOperation = count > 2 && name.getElement(1, Form.UNIFORM).equals(OPERATIONS);
        int first = perOperation ? 2 : 1;
        for (Setting setting : Setting.values()) {
            String[] suffix = setting.propertySuffix().split("\\.");
            int start = count - suffix.length;
            if (start < first || !perOperation && start != first || !matches(name, start, suffix)) {
                continue;
            }
            if (!perOperation) {
                return setting.propertyName();
            }
            return start == first ? null : setting.propertyName(join(name, first, start));
        }
        return Setting.PROPERTY_PREFIX + join(name, first, count);
    }

    /** A property under {@code resilientio.circuit-breakers}, in any relaxed spelling. */
    private static boolean isBreaker(ConfigurationPropertyName name) {
        return name.getNumberOfElements() > 2 && name.getElement(1, Form.UNIFORM).equals(CIRCUIT_BREAKERS);
    }

    /**
     * {@code resilientio.<breaker>.circuit-breaker.<setting>} for {@code resilientio.circuit-breakers.<breaker>.<setting>},
     * the breaker's name as written; an unknown setting keeps its last element, so that the engine reports
     * it with the nearest known name; {@code null} when no breaker is named.
     */
    private static String breakerEngineName(ConfigurationPropertyName name) {
        int count = name.getNumberOfElements();
        for (Setting setting : Setting.values()) {
            if (!setting.propertySuffix().startsWith(BREAKER_SUFFIX)) {
                continue;
            }
            String[] suffix = setting.propertySuffix().substring(BREAKER_SUFFIX.length()).split("\\.");
            int start = count - suffix.length;
            if (start > 2 && matches(name, start, suffix)) {
                return setting.propertyName(join(name, 2, start));
            }
        }
        return count > 3 ? Setting.PROPERTY_PREFIX + join(name, 2, count - 1) + "." + BREAKER_SUFFIX
                + name.getElement(count - 1, Form.ORIGINAL) : null;
    }

    /** The settings a breaker has under {@code resilientio.circuit-breakers.<name>}, for a WARN. */
    private static String breakerSettings() {
        StringBuilder names = new StringBuilder();
        for (Setting setting : Setting.values()) {
            if (setting.propertySuffix().startsWith(BREAKER_SUFFIX)) {
                names.append(names.length() == 0 ? "" : ", ").append(setting.propertySuffix().substring(BREAKER_SUFFIX.length()));
            }
        }
        return names.toString();
    }

    private static boolean matches(ConfigurationPropertyName name, int start, String[] suffix) {
        for (int i = 0; i < suffix.length; i++) {
            if (!name.getElement(start + i, Form.UNIFORM).equals(uniform(suffix[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String uniform(String element) {
        return element.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static String join(ConfigurationPropertyName name, int from, int to) {
        StringBuilder joined = new StringBuilder();
        for (int i = from; i < to; i++) {
            joined.append(i == from ? "" : ".").append(name.getElement(i, Form.ORIGINAL));
        }
        return joined.toString();
    }
}
