package dev.resilientio.spring.boot;

import java.util.Locale;
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
        StarterProperty property = StarterProperty.find(environment, SpringSettings.WEAVING_CHECK);
        if (property == null) {
            return WARN;
        }
        try {
            return valueOf(property.value().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw property.invalid("expected fail, warn or off");
        }
    }
}
