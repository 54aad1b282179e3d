package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The application settings of one application context, installed in the engine while the context
 * lives. {@link ResilientIoEnvironmentListener} has installed them already when the application runs
 * through {@code SpringApplication}; this bean installs them where it does not (a context built by
 * hand or by {@code ApplicationContextRunner}), and removes them when the context closes unless
 * another context has installed its own since.
 */
final class InstalledSettings implements DisposableBean {

    private final ApplicationSettings settings;

    InstalledSettings(ConfigurableEnvironment environment) {
        ApplicationSettings wanted = SpringSettings.toApplicationSettings(SpringSettings.read(environment));
        ApplicationSettings current = ResilientIoConfig.installed();
        this.settings = same(wanted, current) ? current : SettingsInstaller.install(environment);
    }

    private static boolean same(ApplicationSettings a, ApplicationSettings b) {
        if (!a.values().equals(b.values())) {
            return false;
        }
        for (String name : a.values().keySet()) {
            if (!a.shownAs(name).equals(b.shownAs(name))) {
                return false;
            }
        }
        return true;
    }

    /** The settings in force for this context. */
    ApplicationSettings settings() {
        return settings;
    }

    @Override
    public void destroy() {
        synchronized (ResilientIoConfig.class) {
            if (ResilientIoConfig.installed() == settings) {
                ResilientIoConfig.install(ApplicationSettings.NONE);
            }
        }
    }
}
