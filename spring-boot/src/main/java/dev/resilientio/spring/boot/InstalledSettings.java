package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ApplicationSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The application settings of one application context, installed in the engine while the context
 * lives. {@link ResilientIoEnvironmentListener} has installed them already when the application runs
 * through {@code SpringApplication}; this bean installs them where it does not (a context built by
 * hand or by {@code ApplicationContextRunner}), and removes them when the context closes, bringing
 * back those of the most recent context still live ({@link LiveSettings}).
 */
final class InstalledSettings implements DisposableBean {

    private final ConfigurableEnvironment environment;
    private final ApplicationSettings settings;

    InstalledSettings(ConfigurableEnvironment environment) {
        this.environment = environment;
        this.settings = SettingsInstaller.install(environment);
    }

    /** The settings in force for this context. */
    ApplicationSettings settings() {
        return settings;
    }

    @Override
    public void destroy() {
        LiveSettings.remove(environment);
    }
}
