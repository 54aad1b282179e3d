package dev.resilientio.agent.internal;

import dev.resilientio.core.weaving.InlinedAdvice;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The agent's engine is the JVM's one engine. An application that ships its own
 * {@code resilient-io-core} gets the agent's, which is right only when both are of one version:
 * <ul>
 *   <li>an application's copy ahead of the agent jar on the system class path (a plain {@code -cp}
 *       launch) is the engine the woven code calls, so a copy of another version stops the start-up;</li>
 *   <li>a copy inside a class loader below (a Spring Boot fat jar's {@code BOOT-INF/lib}) is shadowed
 *       by the agent's, so another version is reported at ERROR once per class loader.</li>
 * </ul>
 */
final class EngineVersion {

    static final String CORE_POM = "META-INF/maven/dev.resilientio/resilient-io-core/pom.properties";
    private static final String AGENT_POM = "META-INF/maven/dev.resilientio/resilient-io-agent/pom.properties";

    private static final Map<ClassLoader, Boolean> CHECKED = new WeakHashMap<>();

    private EngineVersion() {
    }

    /** Stops the start-up when the engine on the system class path is not the agent's own, nor of its version. */
    static void check() {
        Path agentJar = agentJar();
        Path engineJar = jarOf(InlinedAdvice.class.getProtectionDomain().getCodeSource());
        if (agentJar == null || engineJar == null || agentJar.equals(engineJar)) {
            return;
        }
        String agent = versionIn(agentJar, AGENT_POM);
        String engine = versionIn(engineJar, CORE_POM);
        if (agent != null && engine != null && !agent.equals(engine)) {
            String message = "resilient-io agent " + agent + " (" + agentJar + ") found resilient-io-core " + engine
                    + " (" + engineJar + ") ahead of its own engine on the class path; the woven code would run an"
                    + " engine of another version. Use resilient-io-core " + agent + " in the application, or the"
                    + " agent of version " + engine + ".";
            FailureLog.error(message, null);
            throw new IllegalStateException(message);
        }
    }

    /** Reports, once per class loader, a copy of resilient-io-core of another version that the agent's engine shadows. */
    static void checkLoader(ClassLoader loader) {
        synchronized (CHECKED) {
            if (CHECKED.put(loader, Boolean.TRUE) != null) {
                return;
            }
        }
        Path agentJar = agentJar();
        String agent = agentJar == null ? null : versionIn(agentJar, AGENT_POM);
        if (agent == null) {
            return;
        }
        try {
            Enumeration<URL> copies = loader.getResources(CORE_POM);
            while (copies.hasMoreElements()) {
                URL copy = copies.nextElement();
                String version = version(copy);
                if (version != null && !version.equals(agent)) {
                    FailureLog.error("resilient-io agent " + agent + " shadows the application's resilient-io-core "
                            + version + " (" + copy + "): its classes run the agent's engine " + agent + ", which"
                            + " may lack what that version has. Use resilient-io-core " + agent
                            + " in the application, or the agent of version " + version + ".", null);
                }
            }
        } catch (IOException unreadable) {
            // A loader whose resources cannot be listed cannot hold a copy we could name.
        }
    }

    /** The agent jar: where its visible bootstrap class came from (its hidden classes have no code source). */
    private static Path agentJar() {
        try {
            Class<?> bootstrap = Class.forName("dev.resilientio.agent.ResilientIoAgent", false,
                    EngineVersion.class.getClassLoader());
            return jarOf(bootstrap.getProtectionDomain().getCodeSource());
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }

    private static Path jarOf(CodeSource source) {
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return null;
        }
    }

    private static String versionIn(Path jar, String entryName) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            ZipEntry entry = file.getEntry(entryName);
            if (entry == null) {
                return null;
            }
            try (InputStream in = file.getInputStream(entry)) {
                return load(in);
            }
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String version(URL properties) {
        try (InputStream in = properties.openStream()) {
            return load(in);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String load(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version");
    }
}
