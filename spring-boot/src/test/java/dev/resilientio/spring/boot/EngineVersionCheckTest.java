package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resilientio.spring.boot.versions.Marker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The engine in use and the starter must be one version: each is read from the manifest of the jar
 * its classes came from, here real jars loaded by their own class loaders.
 */
class EngineVersionCheckTest {

    @TempDir
    Path dir;

    /** Loads {@link Marker} from a jar whose manifest says the given version, in a class loader of its own. */
    private Class<?> markerOf(String jarName, String version) throws IOException, ClassNotFoundException {
        Path jar = dir.resolve(jarName);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        String entry = Marker.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = Marker.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        @SuppressWarnings("resource") // kept open: the class must stay loadable for the test
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        return loader.loadClass(Marker.class.getName());
    }

    @Test
    void differentVersionsFailNamingBothAndWhereEachCameFrom() throws Exception {
        Class<?> engine = markerOf("resilient-io-agent.jar", "0.1.0");
        Class<?> starter = markerOf("resilient-io-spring-boot-starter-0.2.0.jar", "0.2.0");

        assertThatThrownBy(() -> EngineVersionCheck.check(engine, starter))
                .isInstanceOf(EngineVersionMismatchException.class)
                .hasMessageContaining("the engine in use is resilient-io-core 0.1.0 (from "
                        + dir.resolve("resilient-io-agent.jar").toUri().toURL() + ")")
                .hasMessageContaining("resilient-io-spring-boot-starter is 0.2.0 (from "
                        + dir.resolve("resilient-io-spring-boot-starter-0.2.0.jar").toUri().toURL() + ")")
                .satisfies(e -> {
                    FailureAnalysis analysis = new ResilientIoFailureAnalyzer().analyze(e);
                    assertThat(analysis.getDescription()).contains("resilient-io-core 0.1.0").contains("0.2.0");
                    assertThat(analysis.getAction()).contains("resilient-io-agent");
                });
    }

    @Test
    void theSameVersionPasses() throws Exception {
        Class<?> engine = markerOf("core.jar", "0.3.0");
        Class<?> starter = markerOf("starter.jar", "0.3.0");

        assertThatCode(() -> EngineVersionCheck.check(engine, starter)).doesNotThrowAnyException();
    }

    @Test
    void anUnknownVersionSkipsTheCheckAndSaysSoAtDebug() throws Exception {
        Class<?> engine = markerOf("core.jar", "0.3.0");
        Class<?> starter = markerOf("starter-without-version.jar", null);
        Logger logger = (Logger) LoggerFactory.getLogger(EngineVersionCheck.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        try {
            assertThatCode(() -> EngineVersionCheck.check(engine, starter)).doesNotThrowAnyException();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getFormattedMessage()).contains("version check skipped")
                    .contains("resilient-io-core 0.3.0").contains("starter (version unknown)");
        });
    }

    @Test
    void theBuildsOwnClassesFoldersCarryNoVersion() {
        assertThatCode(EngineVersionCheck::check).doesNotThrowAnyException();
    }
}
