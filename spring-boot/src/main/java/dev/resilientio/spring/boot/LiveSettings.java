package dev.resilientio.spring.boot;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The settings of every live application context of this JVM, in the order they were installed, each
 * keyed by its context's environment. The engine holds one set of application settings per JVM: the
 * most recently installed live one is in force, and when its context closes (or its start-up fails)
 * the next most recent comes back, or none when no context is left. Thread-safe: every change holds
 * the engine's own lock, so that it and the engine's installed settings never disagree.
 */
final class LiveSettings {

    private static final Log LOG = LogFactory.getLog(LiveSettings.class);

    /** The live contexts, oldest first. */
    private static final List<Live> LIVE = new ArrayList<>();

    private record Live(ConfigurableEnvironment owner, ApplicationSettings settings) {
    }

    private LiveSettings() {
    }

    /**
     * Installs a context's settings in the engine, above those of every other live context; an owner
     * that has installed settings equal to these already keeps them, where they are in the order.
     *
     * @param owner the context's environment
     * @param settings the settings read from it
     * @return the settings in force for this owner (the earlier equal ones, or {@code settings})
     * @throws ResilientIoConfigException when a value is bad; nothing changes
     */
    static ApplicationSettings install(ConfigurableEnvironment owner, ApplicationSettings settings) {
        synchronized (ResilientIoConfig.class) {
            int index = indexOf(owner);
            if (index >= 0 && same(LIVE.get(index).settings(), settings)) {
                return LIVE.get(index).settings();
            }
            ResilientIoConfig.install(settings);
            if (index >= 0) {
                LIVE.remove(index);
            }
            for (Live other : LIVE) {
                if (!other.settings().values().equals(settings.values())) {
                    LOG.warn("Two live Spring application contexts in this JVM have different resilientio.* properties;"
                            + " resilient-io holds one set per JVM, so the context started last wins while both live"
                            + " (" + describe(settings) + " now, over " + describe(other.settings()) + "). Give both"
                            + " contexts the same resilientio.* properties, or run them in separate JVMs.");
                    break;
                }
            }
            LIVE.add(new Live(owner, settings));
            return settings;
        }
    }

    /**
     * Removes a context's settings; when they were in force, installs the most recent live context's
     * settings, or {@link ApplicationSettings#NONE} when none is left. Does nothing for an unknown owner.
     *
     * @param owner the context's environment
     */
    static void remove(ConfigurableEnvironment owner) {
        synchronized (ResilientIoConfig.class) {
            int index = indexOf(owner);
            if (index < 0) {
                return;
            }
            ApplicationSettings removed = LIVE.remove(index).settings();
            if (ResilientIoConfig.installed() != removed) {
                // Another context (or the application itself) has installed settings since: they stay.
                return;
            }
            ApplicationSettings next = LIVE.isEmpty() ? ApplicationSettings.NONE : LIVE.get(LIVE.size() - 1).settings();
            try {
                ResilientIoConfig.install(next);
            } catch (ResilientIoConfigException e) {
                // A system property or variable turned bad since start-up; the closing context must still close.
                LOG.warn("resilient-io could not bring back the settings of the remaining application context: "
                        + e.getMessage() + "; they stay as they were until the value is fixed and"
                        + " ResilientIoConfig.reload() runs", e);
            }
        }
    }

    private static int indexOf(ConfigurableEnvironment owner) {
        for (int i = 0; i < LIVE.size(); i++) {
            if (LIVE.get(i).owner() == owner) {
                return i;
            }
        }
        return -1;
    }

    /** Equal values, each shown as the same property. */
    static boolean same(ApplicationSettings a, ApplicationSettings b) {
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

    private static String describe(ApplicationSettings settings) {
        return settings.values().isEmpty() ? "no resilientio.* properties" : settings.values().toString();
    }
}
