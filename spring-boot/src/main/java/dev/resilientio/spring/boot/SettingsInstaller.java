package dev.resilientio.spring.boot;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ApplicationSettings;
import java.util.List;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Installs an environment's {@code resilientio.*} properties as the engine's application settings, and
 * turns the engine's report of a bad one into an {@link InvalidPropertyException} that names the
 * property as the application wrote it.
 */
final class SettingsInstaller {

    private static final String NOT_ALLOWED = " is not allowed: ";

    private SettingsInstaller() {
    }

    /**
     * Installs the environment's settings above those of the other live contexts ({@link LiveSettings}).
     *
     * @param environment the application's environment
     * @return the settings in force for this environment
     * @throws InvalidPropertyException when a property has a bad value; nothing is installed
     * @throws ResilientIoConfigException when an environment variable or system property has one
     */
    static ApplicationSettings install(ConfigurableEnvironment environment) {
        List<SpringSettings.Entry> entries = SpringSettings.read(environment);
        ApplicationSettings settings = SpringSettings.toApplicationSettings(entries);
        try {
            return LiveSettings.install(environment, settings);
        } catch (ResilientIoConfigException e) {
            throw named(e, entries);
        }
    }

    /** The engine names a bad value as its shownAs text; the longest match is the property it means. */
    private static ResilientIoConfigException named(ResilientIoConfigException e, List<SpringSettings.Entry> entries) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        SpringSettings.Entry named = null;
        for (SpringSettings.Entry entry : entries) {
            if (message.startsWith(entry.shownAs())
                    && (named == null || entry.shownAs().length() > named.shownAs().length())) {
                named = entry;
            }
        }
        if (named == null) {
            return e;
        }
        int problem = message.indexOf(NOT_ALLOWED, named.shownAs().length());
        return new InvalidPropertyException(named.property(), named.value(), named.origin(),
                problem < 0 ? message : message.substring(problem + NOT_ALLOWED.length()), e);
    }
}
