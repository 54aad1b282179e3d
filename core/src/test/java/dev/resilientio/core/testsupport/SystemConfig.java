package dev.resilientio.core.testsupport;

import dev.resilientio.core.config.ResilientIoConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sets system properties for one test and makes the engine read them at once; after the test it
 * puts every property back and reloads the configuration, so that no test sees another's settings.
 * Register it on an instance field: {@code @RegisterExtension final SystemConfig config = new SystemConfig();}
 */
public final class SystemConfig implements AfterEachCallback {

    /** The value each changed property had before the test; {@code null} when it was unset. */
    private final Map<String, String> before = new LinkedHashMap<>();

    /**
     * Sets a system property and reloads the configuration, which annotated methods use from their next call.
     *
     * @param key the property
     * @param value its value for this test
     */
    public void set(String key, String value) {
        remember(key);
        System.setProperty(key, value);
        ResilientIoConfig.reload();
    }

    /**
     * Removes a system property and reloads the configuration.
     *
     * @param key the property
     */
    public void clear(String key) {
        remember(key);
        System.clearProperty(key);
        ResilientIoConfig.reload();
    }

    private void remember(String key) {
        if (!before.containsKey(key)) {
            before.put(key, System.getProperty(key));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        before.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        before.clear();
        ResilientIoConfig.reload();
    }
}
