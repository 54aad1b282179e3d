package dev.resilientio.spring.boot;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.Ordered;

/**
 * Hands the application's {@code resilientio.*} properties to the engine as soon as Spring Boot has
 * read them (application properties and YAML, profiles, command-line arguments), before any bean
 * exists, so that an annotated bean's first call already runs with them. First it checks that the
 * engine in use is the starter's version, and it reads {@code resilientio.weaving-check} and
 * {@code resilientio.metrics.enabled}, so that a bad value stops start-up at once. When that start-up fails, it removes the settings again, so that
 * another live context's come back. Registered in {@code META-INF/spring.factories}, one instance per
 * {@code SpringApplication}; it remembers the environment of that application's start-up under way.
 */
public class ResilientIoEnvironmentListener implements ApplicationListener<SpringApplicationEvent>, Ordered {

    /** The environment whose settings this application's start-up installed; {@code null} once it is over. */
    private volatile ConfigurableEnvironment starting;

    /** Creates the listener; Spring Boot does, from {@code META-INF/spring.factories}. */
    public ResilientIoEnvironmentListener() {
    }

    /**
     * Checks the engine's version and installs the settings when the environment is ready; removes them
     * when the start-up fails; ignores every other event.
     *
     * @param event the application's event
     * @throws EngineVersionMismatchException when the engine in use is another version
     * @throws InvalidPropertyException when a {@code resilientio.*} property has a bad value
     */
    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            EngineVersionCheck.check();
            WeavingCheckMode.of(prepared.getEnvironment());
            StarterProperty.booleanValue(prepared.getEnvironment(), SpringSettings.METRICS_ENABLED, true);
            SettingsInstaller.install(prepared.getEnvironment());
            starting = prepared.getEnvironment();
        } else if (event instanceof ApplicationFailedEvent) {
            ConfigurableEnvironment failed = starting;
            starting = null;
            if (failed != null) {
                LiveSettings.remove(failed);
            }
        } else if (event instanceof ApplicationReadyEvent) {
            // From here the context's InstalledSettings bean removes them when it closes.
            starting = null;
        }
    }

    /**
     * Runs after Spring Boot's own listeners, once the configuration files are read and logging is set up.
     *
     * @return {@link Ordered#LOWEST_PRECEDENCE}
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
