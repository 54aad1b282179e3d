package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.pipeline.Call;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A breaker reset between two tests: closed again, in place, for the methods that already hold it. */
class BreakerResetTest {

    @RegisterExtension
    final LogCapture breakerLog = LogCapture.of(FileBreaker.class);

    private final EngineTime.Installed installed = EngineTime.install(TestTime.virtual(new RecordingSleeper()));
    private final String breaker = "cb-reset-" + System.nanoTime();

    @AfterEach
    void restore() {
        installed.close();
        ((Logger) LoggerFactory.getLogger(FileBreaker.class)).setLevel(null);
    }

    private Pipeline pipeline() {
        ResilientIoConfig config = ResilientIoConfig.from(Map.of(),
                Map.of("resilientio." + breaker + ".circuit-breaker.failure-threshold", "1"));
        SettingOverrides named = SettingOverrides.builder().set(Setting.CIRCUIT_BREAKER, breaker, "the test").build();
        return Pipeline.builder(config.operation("Store.save"))
                .circuitBreaker(config.circuitBreaker("Store.save", named), "Store.save", config).build();
    }

    private static Object call(Pipeline pipeline, boolean fail) throws Throwable {
        return new Call(pipeline, Path.of("/srv/share/tasks.json"), null) {
            @Override
            protected Object body() throws Throwable {
                if (fail) {
                    throw new IOException("Input/output error");
                }
                return "ok";
            }
        }.run();
    }

    @Test
    @SuppressWarnings("try") // the resources act by being open
    void resetAllClosesAnOpenBreakerInPlaceAndForgetsWhatOpenedIt() throws Throwable {
        ((Logger) LoggerFactory.getLogger(FileBreaker.class)).setLevel(Level.INFO);
        Pipeline pipeline = pipeline();
        catchThrowable(() -> call(pipeline, true));
        FileBreaker opened = BreakerRegistry.shared().find(breaker);
        assertThat(catchThrowable(() -> call(pipeline, false))).isInstanceOf(FileCircuitOpenException.class);
        List<ResilientIoEvent> events = new CopyOnWriteArrayList<>();

        try (var listening = ResilientIoEvents.register(events::add)) {
            BreakerRegistry.shared().resetAll();
        }

        assertThat(BreakerRegistry.shared().find(breaker)).as("the same breaker, which the pipeline holds").isSameAs(opened);
        FileBreaker.Status status = opened.status();
        assertThat(status.state()).isEqualTo("CLOSED");
        assertThat(status.failedCalls()).isZero();
        assertThat(status.openSince()).isNull();
        assertThat(status.openedBy()).isNull();
        assertThat(call(pipeline, false)).as("the pipeline built before the reset lets calls through").isEqualTo("ok");
        assertThat(events).filteredOn(CircuitStateChanged.class::isInstance).map(CircuitStateChanged.class::cast)
                .filteredOn(changed -> breaker.equals(changed.breaker()))
                .singleElement().satisfies(changed -> {
                    assertThat(changed.from()).isEqualTo(CircuitStateChanged.State.OPEN);
                    assertThat(changed.to()).isEqualTo(CircuitStateChanged.State.CLOSED);
                });
        assertThat(breakerLog.events()).map(event -> event.getFormattedMessage())
                .filteredOn(line -> line.contains(breaker))
                .last().asString().contains("Circuit breaker " + breaker + " reset from OPEN to CLOSED");
    }

    @Test
    void aResetBreakerOpensAgainAfterItsFullThreshold() throws Throwable {
        Pipeline pipeline = pipeline();
        catchThrowable(() -> call(pipeline, true));
        FileBreaker opened = BreakerRegistry.shared().find(breaker);

        opened.reset();
        catchThrowable(() -> call(pipeline, true));

        assertThat(opened.state()).as("one counted failure, the threshold, after the reset").isEqualTo("OPEN");
        assertThat(opened.status().openedBy()).isEqualTo("java.io.IOException: Input/output error");
    }
}
