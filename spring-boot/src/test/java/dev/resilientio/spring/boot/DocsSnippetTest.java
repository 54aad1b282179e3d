package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.json.ResilientJson;
import dev.resilientio.spring.boot.woven.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The snippets of docs/spring-boot.md do what the page says: its YAML and properties start an
 * application whose endpoint shows the page's JSON, its command line fails with the page's failure
 * analysis, and its Maven coordinates are the starter's.
 */
class DocsSnippetTest {

    private static final Path PAGE = Path.of("..", "docs", "spring-boot.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\n(.*?)```", Pattern.DOTALL);

    @RegisterExtension
    final PrintedOutput output = new PrintedOutput();

    @TempDir
    Path dir;

    /** The page's application: one woven task store. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DocsApp {
        @Bean
        TaskStore taskStore() {
            return new TaskStore();
        }
    }

    private record Block(String language, String text) {
    }

    private static List<Block> blocks() throws Exception {
        assertThat(PAGE).as("docs/spring-boot.md, from the module directory").isRegularFile();
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(Files.readString(PAGE));
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    private static List<Block> blocks(String language, String containing) throws Exception {
        return blocks().stream().filter(b -> b.language().equals(language) && b.text().contains(containing)).toList();
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(DocsApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args);
    }

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    @Test
    void theYamlAndThePropertiesGiveTheEndpointsJson() throws Exception {
        List<Block> settings = new ArrayList<>(blocks("yaml", "resilientio:").stream()
                .filter(b -> !b.text().contains("circuit-breakers")).toList());
        settings.addAll(blocks("properties", "resilientio.operations"));
        Path exposure = dir.resolve("exposure.properties");
        Files.writeString(exposure, blocks("properties", "management.endpoints").get(0).text());
        JsonMapper json = JsonMapper.builder().build();
        JsonNode expected = json.readTree(blocks("json", "\"operations\"").get(0).text());

        assertThat(settings).hasSize(2);
        for (Block block : settings) {
            Path file = dir.resolve("application-" + block.language() + "." + (block.language().equals("yaml") ? "yml" : "properties"));
            Files.writeString(file, block.text());
            try (ConfigurableApplicationContext context = run("--spring.config.location=file:" + file + ",file:" + exposure)) {
                ResilientIoEndpoint.Report full = context.getBean(ResilientIoEndpoint.class).report();
                // The page's application names no breaker; those listed are other tests' in this JVM.
                ResilientIoEndpoint.Report own = new ResilientIoEndpoint.Report(full.enabled(), full.operations(),
                        List.of(), full.locks(), full.extensions());
                assertThat(full.circuitBreakers()).extracting(CircuitBreakerReport::name)
                        .allSatisfy(name -> assertThat(block.text()).doesNotContain(name));
                String report = json.writeValueAsString(own)
                        // The page's reader writes com.example; the test's store lives in the test's package.
                        .replace("dev.resilientio.spring.boot.woven.", "com.example.");

                assertThat(json.readTree(report)).as("the endpoint under the %s snippet", block.language()).isEqualTo(expected);
            }
        }
    }

    @Test
    void theCircuitBreakersYamlOpensTheBreakerAfterThreeFailedUpdatesAndTheEndpointShowsThePagesEntry() throws Exception {
        Path config = dir.resolve("breakers.yml");
        Files.writeString(config, blocks("yaml", "circuit-breakers").get(0).text());
        Path exposure = dir.resolve("exposure.properties");
        Files.writeString(exposure, blocks("properties", "management.endpoints").get(0).text());
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode expected = (ObjectNode) json.readTree(blocks("json", "\"failedCalls\"").get(0).text());
        Path tasks = Files.writeString(dir.resolve("tasks.json"), "[]");

        try (ConfigurableApplicationContext context = run("--spring.config.location=file:" + config + ",file:" + exposure)) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> ResilientJson.updateJson(tasks, List.class, List.of(), list -> {
                    throw new UncheckedIOException(new IOException("Stale file handle"));
                })).isNotInstanceOf(FileCircuitOpenException.class);
            }
            assertThatThrownBy(() -> ResilientJson.updateJson(tasks, List.class, List.of(), list -> list))
                    .isInstanceOf(FileCircuitOpenException.class);
            CircuitBreakerReport breaker = context.getBean(ResilientIoEndpoint.class).report().circuitBreakers().stream()
                    .filter(b -> b.name().equals("tasks-share")).findFirst().orElseThrow();
            ObjectNode actual = (ObjectNode) json.readTree(json.writeValueAsString(breaker));

            // The times are the run's own; the page's are an example of their form, 30s apart as its YAML says.
            assertThat(Duration.between(Instant.parse(actual.get("openSince").asString()),
                    Instant.parse(actual.get("trialAfter").asString()))).isEqualTo(Duration.ofSeconds(30));
            assertThat(Duration.between(Instant.parse(expected.get("openSince").asString()),
                    Instant.parse(expected.get("trialAfter").asString()))).isEqualTo(Duration.ofSeconds(30));
            for (String time : List.of("openSince", "trialAfter")) {
                actual.remove(time);
                expected.remove(time);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void theCommandLineFailsWithThePagesAnalysis() throws Exception {
        String command = blocks("sh", "java -jar").get(0).text().strip();
        String[] args = Arrays.stream(command.split(" ")).filter(a -> a.startsWith("--")).toArray(String[]::new);
        String analysis = blocks("text", "APPLICATION FAILED TO START").get(0).text();

        assertThatThrownBy(() -> run(args)).isInstanceOf(InvalidPropertyException.class);

        for (String line : analysis.split("\n")) {
            if (!line.isBlank()) {
                assertThat(output.toString()).contains(line);
            }
        }
    }

    @Test
    void theMavenCoordinatesAreTheStarters() throws Exception {
        String dependency = blocks("xml", "<dependency>").get(0).text();
        String pom = Files.readString(Path.of("pom.xml"));

        assertThat(dependency).contains("<groupId>dev.resilientio</groupId>")
                .contains("<artifactId>resilient-io-spring-boot-starter</artifactId>");
        assertThat(pom).contains("<artifactId>resilient-io-spring-boot-starter</artifactId>");
        Matcher version = Pattern.compile("<version>(.*?)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(dependency).contains("<version>" + version.group(1) + "</version>");
    }
}
