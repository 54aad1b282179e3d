package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.enginecopy.EngineCopyMain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application whose own resilient-io-core sits ahead of the agent jar on the class path runs
 * on that copy, so the agent lets it start only when the copy has the agent's version, and
 * otherwise stops the start-up naming both versions and what to do.
 */
class EngineCopyIT {

    private static final String CORE_POM = "META-INF/maven/dev.resilientio/resilient-io-core/pom.properties";

    @TempDir
    Path dir;

    @Test
    void anApplicationsCoreOfAnotherVersionStopsTheStartUp() throws Exception {
        Path copy = engineCopy("0.0.9");

        AgentJvm.Finished finished = AgentJvm.run(dir, List.of(copy, AgentJvm.codeSource(EngineCopyMain.class)),
                EngineCopyMain.class.getName());

        assertThat(finished.exitCode()).as(finished.describe()).isNotZero();
        assertThat(finished.stderr()).as(finished.describe())
                .contains("found resilient-io-core 0.0.9 (" + copy + ") ahead of its own engine")
                .contains("Use resilient-io-core " + agentVersion() + " in the application");
        assertThat(finished.stdout()).doesNotContain("engine: ");
    }

    @Test
    void anApplicationsCoreOfTheAgentsVersionRuns() throws Exception {
        Path copy = engineCopy(agentVersion());

        AgentJvm.Finished finished = AgentJvm.run(dir, List.of(copy, AgentJvm.codeSource(EngineCopyMain.class)),
                EngineCopyMain.class.getName());

        assertThat(finished.exitCode()).as(finished.describe()).isZero();
        assertThat(finished.stdout()).contains("engine: file:" + copy);
    }

    /** A resilient-io-core jar as an application ships it: the engine's classes and its Maven metadata of that version. */
    private Path engineCopy(String version) throws IOException {
        Path copy = dir.resolve("resilient-io-core-" + version + ".jar");
        try (JarFile agent = new JarFile(AgentJvm.agentJar().toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy))) {
            Enumeration<JarEntry> entries = agent.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("dev/resilientio/core/") && !entry.isDirectory()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    agent.getInputStream(entry).transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry(CORE_POM));
            OutputStream body = out;
            body.write(("groupId=dev.resilientio\nartifactId=resilient-io-core\nversion=" + version + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        return copy;
    }

    private static String agentVersion() throws IOException {
        try (JarFile agent = new JarFile(AgentJvm.agentJar().toFile())) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(agent.getInputStream(agent.getEntry("META-INF/maven/dev.resilientio/resilient-io-agent/pom.properties")));
            return properties.getProperty("version");
        }
    }
}
