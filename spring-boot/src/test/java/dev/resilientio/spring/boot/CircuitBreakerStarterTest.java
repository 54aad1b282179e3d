package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.json.ResilientJson;
import dev.resilientio.spring.boot.woven.ShareReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Circuit breakers configured by Spring properties, in contexts built by {@link ApplicationContextRunner} on
 * Boot 4 and 3.5: a property's threshold opens a woven bean's breaker, the per-operation opt-in puts
 * {@code ResilientJson.updateJson} behind one, the endpoint lists them, and a bad value stops the context.
 * Each test names its own breakers: there is one per name per JVM.
 */
class CircuitBreakerStarterTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientIoAutoConfiguration.class, EndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=resilientio");

    @TempDir
    Path dir;

    @AfterEach
    void uninstall() {
        ResilientIoConfig.install(ApplicationSettings.NONE);
    }

    private static CircuitBreakerReport breaker(ResilientIoEndpoint endpoint, String name) {
        List<CircuitBreakerReport> all = endpoint.report().circuitBreakers();
        assertThat(all).extracting(CircuitBreakerReport::name).contains(name);
        return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPropertysThresholdOpensTheWovenBeansBreakerAndTheEndpointShowsItOpen() throws IOException {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");
        runner.withBean(ShareReader.class)
                .withPropertyValues("resilientio.circuit-breakers.sb-share.failure-threshold=2",
                        "resilientio.circuitBreakers.sb-share.openDuration=30s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ShareReader reader = context.getBean(ShareReader.class);
                    assertThat(reader.read(file)).isEqualTo("[]");
                    reader.down(true);

                    Throwable first = catchThrowable(() -> reader.read(file));
                    Throwable second = catchThrowable(() -> reader.read(file));
                    Throwable third = catchThrowable(() -> reader.read(file));

                    assertThat(first).isNotInstanceOf(FileCircuitOpenException.class).hasMessageContaining("Input/output error");
                    assertThat(second).isNotInstanceOf(FileCircuitOpenException.class);
                    assertThat(third).isInstanceOf(FileCircuitOpenException.class).hasMessageContaining("'sb-share'");
                    assertThat(reader.runs()).as("the refused read never ran").isEqualTo(3);

                    CircuitBreakerReport open = breaker(context.getBean(ResilientIoEndpoint.class), "sb-share");
                    assertThat(open.state()).isEqualTo("OPEN");
                    assertThat(open.settings()).isEqualTo(new CircuitBreakerReport.Settings(2, 2, "30s", 1));
                    assertThat(open.failedCalls()).isEqualTo(2);
                    assertThat(open.openedBy()).isEqualTo("java.io.IOException: Input/output error (injected by the test)");
                    assertThat(Duration.between(Instant.parse(open.openSince()), Instant.parse(open.trialAfter())))
                            .isEqualTo(Duration.ofSeconds(30));
                    // Boot 4 has the health contributor; Boot 3.5 has not the module it implements.
                    assertThat(context.containsBean("resilientioHealthIndicator")).isEqualTo(ClassUtils.isPresent(
                            "org.springframework.boot.health.contributor.HealthIndicator", null));
                });
    }

    @Test
    void theOperationsOptInPutsResilientJsonUpdateJsonBehindTheNamedBreaker() throws IOException {
        Path file = dir.resolve("counts.json");
        Files.writeString(file, "{\"done\":1}");
        AtomicInteger changes = new AtomicInteger();
        runner.withPropertyValues("resilientio.operations[ResilientJson.updateJson].circuit-breaker=sb-json",
                        "resilientio.operations[ResilientJson.updateJson].retry.max-attempts=1",
                        "resilientio.circuit-breakers.sb-json.failure-threshold=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Throwable failed = catchThrowable(() -> ResilientJson.updateJson(file, Counts.class, new Counts(0), c -> {
                        changes.incrementAndGet();
                        throw new UncheckedIOException(new IOException("Stale file handle (injected by the test)"));
                    }));
                    Throwable refused = catchThrowable(() -> ResilientJson.updateJson(file, Counts.class, new Counts(0), c -> {
                        changes.incrementAndGet();
                        return new Counts(c.done() + 1);
                    }));

                    assertThat(failed).isNotInstanceOf(FileCircuitOpenException.class);
                    assertThat(refused).isInstanceOf(FileCircuitOpenException.class).hasMessageContaining("'sb-json'");
                    assertThat(changes).as("the refused update never ran its change").hasValue(1);
                    assertThat(Files.readString(file)).isEqualTo("{\"done\":1}");
                    assertThat(breaker(context.getBean(ResilientIoEndpoint.class), "sb-json").state()).isEqualTo("OPEN");
                });
    }

    /** The JSON the update changes. */
    record Counts(int done) {
    }

    @Test
    void aBreakerSwitchedOffByItsPropertyShowsDisabled() throws IOException {
        Path file = Files.writeString(dir.resolve("off.txt"), "x");
        FileOperation operation = FileOperation.named("SbOff.read").withCircuitBreaker("sb-off");
        runner.run(context -> {
            String read = operation.read(file, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(read).isEqualTo("x");
            CircuitBreakerReport on = breaker(context.getBean(ResilientIoEndpoint.class), "sb-off");
            assertThat(on.state()).isEqualTo("CLOSED");
            assertThat(on.successfulCalls()).isEqualTo(1);
            assertThat(on.openSince()).isNull();
        });

        runner.withPropertyValues("resilientio.circuit-breakers.sb-off.enabled=false").run(context -> {
            String state = breaker(context.getBean(ResilientIoEndpoint.class), "sb-off").state();
            assertThat(state).isEqualTo("DISABLED");
        });
    }

    @Test
    void aBadBreakerValueStopsTheContextNamingTheProperty() {
        runner.withPropertyValues("resilientio.circuit-breakers[sb.bad].open-duration=0s").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ResilientIoFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("The property resilientio.circuit-breakers[sb.bad].open-duration='0s'"
                    + " (\"resilientio.circuit-breakers[sb.bad].open-duration\" from property source \"test\") is not allowed:");
            assertThat(analysis.getDescription()).contains("more than 0 and at most 24h");
            assertThat(analysis.getCause()).isInstanceOf(InvalidPropertyException.class);
        });
    }
}
