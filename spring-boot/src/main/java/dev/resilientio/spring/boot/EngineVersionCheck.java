package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ResilientIoConfig;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Checks that the resilient-io engine in use is the starter's own version. The engine may come from
 * the application (resilient-io-core in its dependencies) or from {@code -javaagent:resilient-io-agent.jar},
 * whose core the whole JVM shares; either way its version is the {@code Implementation-Version} of
 * the jar its classes came from.
 */
final class EngineVersionCheck {

    private static final Log LOG = LogFactory.getLog(EngineVersionCheck.class);

    private EngineVersionCheck() {
    }

    /**
     * Checks the engine the starter sees against the starter.
     *
     * @throws EngineVersionMismatchException when both versions are known and differ
     */
    static void check() {
        check(ResilientIoConfig.class, EngineVersionCheck.class);
    }

    /**
     * Checks one class of the engine against one class of the starter.
     *
     * @param engine a class of resilient-io-core, as the starter sees it
     * @param starter a class of the starter
     * @throws EngineVersionMismatchException when both versions are known and differ
     */
    static void check(Class<?> engine, Class<?> starter) {
        String engineVersion = version(engine);
        String starterVersion = version(starter);
        if (engineVersion == null || starterVersion == null) {
            // Classes folders (a build's own tests, an IDE) carry no manifest: nothing to compare.
            LOG.debug("resilient-io: version check skipped, a version is unknown: resilient-io-core "
                    + describe(engineVersion) + " from " + location(engine) + ", resilient-io-spring-boot-starter "
                    + describe(starterVersion) + " from " + location(starter));
            return;
        }
        if (!engineVersion.equals(starterVersion)) {
            throw new EngineVersionMismatchException(engineVersion, location(engine), starterVersion, location(starter));
        }
        LOG.debug("resilient-io: engine " + engineVersion + " from " + location(engine) + " matches the starter");
    }

    private static String version(Class<?> type) {
        Package pkg = type.getPackage();
        return pkg == null ? null : pkg.getImplementationVersion();
    }

    private static String describe(String version) {
        return version == null ? "(version unknown)" : version;
    }

    /** Where a class was loaded from: its jar (the agent's, a nested jar of a Boot archive) or folder. */
    static String location(Class<?> type) {
        ProtectionDomain domain = type.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url != null) {
            return url.toString();
        }
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "the boot class path" : "class loader " + loader;
    }
}
