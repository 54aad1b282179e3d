package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.spring.boot.woven.FlakyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Real {@code SpringApplication} runs: the application's properties (YAML, profiles, command-line
 * arguments) reach an annotated bean's first call, made while the context starts, and a bad value
 * stops start-up with a failure analysis that names the property.
 */
class SpringApplicationRunTest {

    @RegisterExtension
    final PrintedOutput output = new PrintedOutput();

    /** An application whose reader fails its first three reads, read once while the context starts. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FlakyApp {
        @Bean
        FlakyReader flakyReader() throws IOException {
            FlakyReader reader = new FlakyReader(3);
            Path file = Files.createTempFile("flaky", ".txt");
            try {
                Files.writeString(file, "ready");
                reader.read(file);
            } finally {
                Files.delete(file);
            }
            return reader;
        }
    }

    /** An application with a bean that no weaving reaches. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class UnwovenApp {
        @Bean
        UnwovenStore unwovenStore() {
            return new UnwovenStore();
        }
    }

    /** An application with no bean of its own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlainApp {
    }

    private static ConfigurableApplicationContext run(Class<?> app, String... args) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args);
    }

    @AfterEach
    void uninstall() {
        System.clearProperty("resilientio.Flaky.read.retry.max-attempts");
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void aProfilesPerOperationPropertyReachesTheFirstCallDuringStartUp() {
        try (ConfigurableApplicationContext context = run(FlakyApp.class, "--spring.config.name=flaky",
                "--spring.profiles.active=patient")) {
            assertThat(context.getBean(FlakyReader.class).attempts()).isEqualTo(4);
        }
    }

    @Test
    void theBaseFilesPerOperationPropertyBeatsTheAnnotationAndTheGlobalProperty() {
        // flaky.yml gives Flaky.read 3 attempts (its annotation says 2, the global property 1): the third failure ends it.
        assertThatThrownBy(() -> run(FlakyApp.class, "--spring.config.name=flaky"))
                .rootCause()
                .isInstanceOf(IOException.class)
                .hasMessage("device busy (injected by the test)")
                .satisfies(last -> assertThat(last.getSuppressed()).hasSize(2));
    }

    @Test
    void aSystemPropertyBeatsTheApplicationsProperty() {
        System.setProperty("resilientio.Flaky.read.retry.max-attempts", "4");

        try (ConfigurableApplicationContext context = run(FlakyApp.class, "--spring.config.name=flaky")) {
            assertThat(context.getBean(FlakyReader.class).attempts()).isEqualTo(4);
        }
    }

    @Test
    void aBadPropertyInApplicationPropertiesStopsStartUpWithItsAnalysis() {
        assertThatThrownBy(() -> run(FlakyApp.class, "--spring.config.name=bad-attempts"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("The property resilientio.retry.max-attempts='0' (class path resource [bad-attempts.properties]"
                        + " - 2:32) is not allowed: expected a whole number from 1 to 2147483647")
                .contains("Change resilientio.retry.max-attempts (class path resource [bad-attempts.properties] - 2:32):"
                        + " expected a whole number from 1 to 2147483647");
    }

    @Test
    void aJitterAboveOneOnTheCommandLineStopsStartUp() {
        assertThatThrownBy(() -> run(FlakyApp.class, "--spring.config.name=none", "--resilientio.retry.jitter=7"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString())
                .contains("The property resilientio.retry.jitter='7'")
                .contains("\"resilientio.retry.jitter\" from property source \"commandLineArgs\"")
                .contains("expected a number from 0.0 to 1.0");
    }

    @Test
    void aBadPerOperationPropertyStopsStartUpNamingItAsWritten() {
        assertThatThrownBy(() -> run(FlakyApp.class, "--spring.config.name=none",
                "--resilientio.operations[Flaky.read].lock.timeout=forever"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString()).contains("The property resilientio.operations[Flaky.read].lock.timeout='forever'");
    }

    @Test
    void aMisspelledPropertyIsLoggedWithTheNearestName() {
        try (ConfigurableApplicationContext context = run(FlakyApp.class, "--spring.config.name=flaky",
                "--spring.profiles.active=patient", "--resilientio.retry.max-atempts=5")) {
            assertThat(context.isRunning()).isTrue();
        }

        assertThat(output.toString()).contains("The application property resilientio.retry.max-atempts"
                + " (\"resilientio.retry.max-atempts\" from property source \"commandLineArgs\") names no setting of"
                + " resilient-io and is ignored; did you mean resilientio.retry.max-attempts?");
    }

    @Test
    void enabledMaybeStopsStartUp() {
        assertThatThrownBy(() -> run(FlakyApp.class, "--spring.config.name=none", "--resilientio.enabled=maybe"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString()).contains("The property resilientio.enabled='maybe'").contains("true or false");
    }

    @Test
    void anUnknownWeavingCheckModeStopsStartUp() {
        assertThatThrownBy(() -> run(UnwovenApp.class, "--spring.config.name=none", "--resilientio.weaving-check=sometimes"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString()).contains("The property resilientio.weaving-check='sometimes'")
                .contains("expected fail, warn or off");
    }

    @Test
    void metricsEnabledMaybeStopsStartUp() {
        assertThatThrownBy(() -> run(PlainApp.class, "--spring.config.name=none", "--resilientio.metrics.enabled=maybe"))
                .isInstanceOf(InvalidPropertyException.class);

        assertThat(output.toString()).contains("The property resilientio.metrics.enabled='maybe'")
                .contains("expected true or false");
    }

    @Test
    void weavingCheckFailStopsStartUpListingTheUnwovenMethods() {
        assertThatThrownBy(() -> run(UnwovenApp.class, "--spring.config.name=unwoven-fail"))
                .isInstanceOf(UnwovenBeansException.class);

        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("dev.resilientio.spring.boot.UnwovenStore.save(Path, String) @RetryFileOperation @AtomicWrite"
                        + " (bean 'unwovenStore')")
                .contains("docs/spring-boot.md")
                .contains("-javaagent:resilient-io-agent.jar");
    }

    @Test
    void twoLiveContextsSecondClosedFirstBringsBackTheFirstsSettings() {
        try (ConfigurableApplicationContext first = run(PlainApp.class, "--spring.config.name=none",
                "--resilientio.retry.max-attempts=7")) {
            ConfigurableApplicationContext second = run(PlainApp.class, "--spring.config.name=none",
                    "--resilientio.retry.max-attempts=3");
            assertThat(ResilientIoConfig.installed().values()).containsEntry("resilientio.retry.max-attempts", "3");
            assertThat(output.toString()).contains("Two live Spring application contexts in this JVM have different"
                    + " resilientio.* properties");

            second.close();

            assertThat(ResilientIoConfig.installed().values()).containsEntry("resilientio.retry.max-attempts", "7");
            assertThat(ResilientIoConfig.global().operation("Any.op").retry().maxAttempts()).isEqualTo(7);
            assertThat(first.isActive()).isTrue();
        }
        assertThat(ResilientIoConfig.installed().values()).isEmpty();
    }

    @Test
    void aFailedStartUpRemovesTheSettingsItInstalled() {
        try (ConfigurableApplicationContext first = run(PlainApp.class, "--spring.config.name=none",
                "--resilientio.retry.max-attempts=7")) {
            SpringApplication failing = new SpringApplication(PlainApp.class);
            failing.setWebApplicationType(WebApplicationType.NONE);
            failing.addInitializers(context -> {
                throw new IllegalStateException("start-up stopped by the test");
            });

            assertThatThrownBy(() -> failing.run("--spring.config.name=none", "--resilientio.retry.max-attempts=3"))
                    .hasMessage("start-up stopped by the test");
            assertThat(first.isActive()).isTrue();

            assertThat(ResilientIoConfig.installed().values()).containsEntry("resilientio.retry.max-attempts", "7");
        }
    }

    @Test
    void twoSpellingsOfOneSettingInTwoSourcesTheCommandLineWins() {
        // two-spellings.properties gives Flaky.read 2 attempts; its reader fails three times, so only 4 lets it start.
        try (ConfigurableApplicationContext context = run(FlakyApp.class, "--spring.config.name=two-spellings",
                "--resilientio.operations[Flaky.read].retry.max-attempts=4")) {
            assertThat(context.getBean(FlakyReader.class).attempts()).isEqualTo(4);
        }
    }
}
