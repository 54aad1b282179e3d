package dev.resilientio.spring.boot;

import java.util.Locale;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;

/** What {@code resilientio.weaving-check} asks of the start-up check of the beans' annotated methods. */
enum WeavingCheckMode {
    /** Stop start-up, listing the unwoven methods. */
    FAIL,
    /** Log each unwoven method at WARN; the default. */
    WARN,
    /** Do not check. */
    OFF;

    /**
     * Reads the mode from the environment.
     *
     * @param environment the application's environment
     * @return the mode; {@link #WARN} when the property is not set
     * @throws InvalidPropertyException when it is set to anything but {@code fail}, {@code warn} or {@code off}
     */
    static WeavingCheckMode of(ConfigurableEnvironment environment) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(SpringSettings.WEAVING_CHECK);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null && property.getValue() != null) {
                String value = environment.resolvePlaceholders(String.valueOf(property.getValue()));
                try {
                    return valueOf(value.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidPropertyException(SpringSettings.WEAVING_CHECK, value,
                            property.getOrigin() == null ? null : property.getOrigin().toString(),
                            "expected fail, warn or off");
                }
            }
        }
        return WARN;
    }
}
