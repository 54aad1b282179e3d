package dev.resilientio.spring.boot;

import java.util.Locale;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A property the starter reads itself ({@link SpringSettings#STARTER_OWN}), as the application wrote it, so
 * that a bad value is reported with where it was written.
 *
 * @param name the property, such as {@code resilientio.weaving-check}
 * @param value its value, placeholders resolved
 * @param origin where it was written; {@code null} when unknown
 */
record StarterProperty(String name, String value, String origin) {

    /**
     * Finds a property in the environment, in any relaxed spelling, the first source that has it winning.
     *
     * @param environment the application's environment
     * @param name the property
     * @return the property, or {@code null} when it is not set
     */
    static StarterProperty find(ConfigurableEnvironment environment, String name) {
        ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(key);
            if (property != null && property.getValue() != null) {
                return new StarterProperty(name, environment.resolvePlaceholders(String.valueOf(property.getValue())),
                        property.getOrigin() == null ? null : property.getOrigin().toString());
            }
        }
        return null;
    }

    /**
     * Reads a property that is {@code true} or {@code false}, in any case, as Spring's
     * {@code @ConditionalOnBooleanProperty} reads it.
     *
     * @param environment the application's environment
     * @param name the property
     * @param defaultValue the value when it is not set
     * @return the value
     * @throws InvalidPropertyException when it is set to anything else
     */
    static boolean booleanValue(ConfigurableEnvironment environment, String name, boolean defaultValue) {
        StarterProperty property = find(environment, name);
        if (property == null) {
            return defaultValue;
        }
        return switch (property.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw property.invalid("expected true or false");
        };
    }

    /**
     * Returns the exception that reports this property's value as not allowed.
     *
     * @param problem what is allowed, such as {@code expected fail, warn or off}
     * @return the exception, to throw
     */
    InvalidPropertyException invalid(String problem) {
        return new InvalidPropertyException(name, value, origin, problem);
    }
}
