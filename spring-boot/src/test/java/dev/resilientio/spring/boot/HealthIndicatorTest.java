package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code resilientio} health contributor of Boot 4's {@code spring-boot-health}: UP with an open breaker
 * in its details, and gone with {@code management.health.resilientio.enabled=false}. Boot 4 only: the
 * build's Boot 3.5 run leaves this class out (and it disables itself without the module), and {@link CircuitBreakerStarterTest} checks there that the
 * contributor is absent.
 */
@EnabledIf("bootHasHealth")
class HealthIndicatorTest {

    /** Also when a run names this class with -Dtest, which overrides the Boot 3.5 run's exclusion. */
    static boolean bootHasHealth() {
        return ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", null);
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class));

    @TempDir
    Path dir;

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void anOpenBreakerLeavesTheHealthUpAndIsInItsDetails() throws IOException {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");
        FileOperation update = FileOperation.named("HealthTest.update").withCircuitBreaker("sb-health");
        runner.withPropertyValues("resilientio.circuit-breakers.sb-health.failure-threshold=1",
                        "resilientio.circuit-breakers.sb-health.open-duration=45s",
                        "resilientio.operations[HealthTest.update].retry.max-attempts=1")
                .run(context -> {
                    HealthIndicator health = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
                            .getContributor("resilientio");
                    assertThat(health).as("the contributor named resilientio").isNotNull();
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health().getDetails()).containsEntry("circuitBreakers", Map.of());

                    // The share fails while the update runs, as a stale mount does; the next call is refused.
                    catchThrowable(() -> update.update(file, in -> "[]", "[]", tasks -> {
                        throw new UncheckedIOException(new IOException("Input/output error (injected by the test)"));
                    }, tasks -> tasks.getBytes(StandardCharsets.UTF_8)));
                    assertThat(catchThrowable(() -> update.update(file, in -> "[]", "[]", tasks -> tasks,
                            tasks -> tasks.getBytes(StandardCharsets.UTF_8)))).isInstanceOf(FileCircuitOpenException.class);
                    Health withOpen = health.health();

                    assertThat(withOpen.getStatus()).as("an open breaker never turns the application DOWN").isEqualTo(Status.UP);
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> breakers = (Map<String, Map<String, Object>>) withOpen.getDetails()
                            .get("circuitBreakers");
                    assertThat(breakers).containsOnlyKeys("sb-health");
                    assertThat(breakers.get("sb-health")).containsEntry("state", "OPEN")
                            .containsEntry("openedBy", "java.io.UncheckedIOException: java.io.IOException: Input/output error (injected by the test)")
                            .containsKeys("openSince", "trialAfter");
                });
    }

    @Test
    void theHealthOfDocsSpringBootMdIsWhatTheContributorGives() throws Exception {
        Matcher block = Pattern.compile("<!-- spring-boot: circuit-breakers-health -->\n```json\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "docs", "spring-boot.md")));
        assertThat(block.find()).as("the health JSON of docs/spring-boot.md").isTrue();
        // The page's breaker under a name of this test's own: there is one breaker per name per JVM.
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode expected = (ObjectNode) json.readTree(block.group(1).replace("tasks-share", "sb-health-docs"));
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");
        FileOperation update = FileOperation.named("HealthDocs.update").withCircuitBreaker("sb-health-docs");
        runner.withPropertyValues("resilientio.circuit-breakers.sb-health-docs.failure-threshold=1",
                        "resilientio.circuit-breakers.sb-health-docs.open-duration=30s",
                        "resilientio.operations[HealthDocs.update].retry.max-attempts=1")
                .run(context -> {
                    catchThrowable(() -> update.update(file, in -> "[]", "[]", tasks -> {
                        throw new UncheckedIOException(new IOException("Stale file handle"));
                    }, tasks -> tasks.getBytes(StandardCharsets.UTF_8)));
                    ObjectNode actual = (ObjectNode) json.readTree(json.writeValueAsString(
                            context.getBean(ResilientIoHealthIndicator.class).health()));

                    // Other tests of this JVM leave breakers of their own open; the page's is this one.
                    ((ObjectNode) actual.get("details").get("circuitBreakers")).retain("sb-health-docs");
                    for (ObjectNode health : List.of(actual, expected)) {
                        ObjectNode breaker = (ObjectNode) health.get("details").get("circuitBreakers").get("sb-health-docs");
                        assertThat(Duration.between(Instant.parse(breaker.get("openSince").asString()),
                                Instant.parse(breaker.get("trialAfter").asString()))).isEqualTo(Duration.ofSeconds(30));
                        // The times are the run's own; the page's show their form.
                        breaker.remove(List.of("openSince", "trialAfter"));
                    }
                    assertThat(actual).isEqualTo(expected);
                });
    }

    @Test
    void managementHealthResilientioEnabledFalseRemovesIt() {
        runner.run(context -> assertThat(context).hasSingleBean(ResilientIoHealthIndicator.class));
        runner.withPropertyValues("management.health.resilientio.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ResilientIoHealthIndicator.class));
    }
}
