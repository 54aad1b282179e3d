package dev.resilientio.spring.boot;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Hands the application's {@code resilientio.*} properties to the engine as soon as Spring Boot has
 * read them (application properties and YAML, profiles, command-line arguments), before any bean
 * exists, so that an annotated bean's first call already runs with them. First it checks that the
 * engine in use is the starter's version, and it reads {@code resilientio.weaving-check}, so that a
 * bad value stops start-up at once. Registered in {@code META-INF/spring.factories}; stateless.
 */
public class ResilientIoEnvironmentListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** Creates the listener; Spring Boot does, from {@code META-INF/spring.factories}. */
    public ResilientIoEnvironmentListener() {
    }

    /**
     * Checks the engine's version and installs the settings.
     *
     * @param event the event whose environment holds the application's properties
     * @throws EngineVersionMismatchException when the engine in use is another version
     * @throws InvalidPropertyException when a {@code resilientio.*} property has a bad value
     */
    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        EngineVersionCheck.check();
        WeavingCheckMode.of(event.getEnvironment());
        SettingsInstaller.install(event.getEnvironment());
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
