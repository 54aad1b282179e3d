package dev.resilientio.core.config;

import dev.resilientio.core.rules.Setting;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables, system properties and application settings of one configuration
 * snapshot, and the precedence of one setting over them: per-operation property, per-operation
 * variable, per-operation application setting, the caller's override, global property, global
 * variable, global application setting.
 */
final class ConfigSources {

    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final ApplicationSettings application;

    ConfigSources(Map<String, String> environment, Map<String, String> properties, ApplicationSettings application) {
        this.environment = Map.copyOf(environment);
        this.properties = Map.copyOf(properties);
        this.application = application;
    }

    Map<String, String> environment() {
        return environment;
    }

    Map<String, String> properties() {
        return properties;
    }

    ApplicationSettings application() {
        return application;
    }

    /** The operations the application settings name per operation, such as {@code TaskStore.save}. */
    Set<String> applicationOperations() {
        Set<String> operations = new LinkedHashSet<>();
        for (String name : application.values().keySet()) {
            for (Setting setting : Setting.values()) {
                String suffix = "." + setting.propertySuffix();
                if (setting.perOperation() && name.startsWith(Setting.PROPERTY_PREFIX) && name.endsWith(suffix)
                        && name.length() > Setting.PROPERTY_PREFIX.length() + suffix.length()) {
                    operations.add(name.substring(Setting.PROPERTY_PREFIX.length(), name.length() - suffix.length()));
                    break;
                }
            }
        }
        return operations;
    }

    /** A system property, else the environment variable, of that exact name; {@code null} when neither is set. */
    String lookup(String name) {
        String property = properties.get(name);
        return property != null ? property : environment.get(name);
    }

    /** The first source of a setting that is set, as {name, value}; {@code null} when none is. */
    String[] firstSet(String op, Setting setting, SettingOverrides overrides) {
        if (op != null) {
            String[] own = ownOf(op, setting);
            if (own != null) {
                return own;
            }
        }
        String[] given = overrides.get(setting);
        if (given != null) {
            return new String[] {op == null ? given[0] : given[0] + " of " + op, given[1]};
        }
        String value = properties.get(setting.propertyName());
        if (value != null) {
            return new String[] {"system property " + setting.propertyName(), value};
        }
        value = environment.get(setting.envName());
        if (value != null) {
            return new String[] {setting.envName(), value};
        }
        value = application.get(setting.propertyName());
        return value == null ? null : new String[] {application.shownAs(setting.propertyName()), value};
    }

    /** Where a setting's value comes from, as {@link #firstSet} picks it. */
    String sourceOf(String op, Setting setting, SettingOverrides overrides) {
        String[] chosen = firstSet(op, setting, overrides);
        return chosen == null ? "the built-in default of " + setting.envName() : chosen[0];
    }

    /**
     * The first source of a per-operation-only setting (the breaker an operation's calls pass
     * through) that is set, as {name, value}: the global names are no source of it.
     */
    String[] firstSetForOperation(String op, Setting setting, SettingOverrides overrides) {
        String[] own = ownOf(op, setting);
        if (own != null) {
            return own;
        }
        String[] given = overrides.get(setting);
        return given == null ? null : new String[] {given[0] + " of " + op, given[1]};
    }

    /** The operation's own value of a setting (system property, then variable, then application), or {@code null}. */
    private String[] ownOf(String op, Setting setting) {
        String property = setting.propertyName(op);
        String value = properties.get(property);
        if (value != null) {
            return new String[] {"system property " + property, value};
        }
        String variable = setting.envName(op);
        value = environment.get(variable);
        if (value != null) {
            return new String[] {variable, value};
        }
        value = application.get(property);
        return value == null ? null : new String[] {application.shownAs(property), value};
    }
}
