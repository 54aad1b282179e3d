package dev.resilientio.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.FileOperation;
import dev.resilientio.core.testsupport.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Operation names made at run time cannot grow the number of time series past the cap. */
class OperationCapTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of(ResilientIoMetrics.class);

    @TempDir
    Path dir;

    @Test
    void operationsBeyondTheCapAreCountedAsOtherWithOneWarning() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ResilientIoMetrics metrics = ResilientIoMetrics.builder().maxOperations(2).build()) {
            metrics.bindTo(registry);
            for (String name : List.of("Cap.a", "Cap.b", "Cap.c", "Cap.d", "Cap.a", "Cap.c")) {
                FileOperation.named(name).write(dir.resolve("file.txt"), new byte[] {'x'});
            }
        }

        Map<String, Double> byOperation = new TreeMap<>();
        for (Counter counter : registry.get(ResilientIoMetrics.CALLS).counters()) {
            byOperation.merge(counter.getId().getTag("operation"), counter.count(), Double::sum);
        }
        assertThat(byOperation).containsExactlyEntriesOf(new TreeMap<>(Map.of("Cap.a", 2.0, "Cap.b", 1.0, "other", 3.0)));
        assertThat(registry.get(ResilientIoMetrics.ATOMIC_COMMIT).timers()).extracting(t -> t.getId().getTag("operation"))
                .containsExactlyInAnyOrder("Cap.a", "Cap.b", "other");
        assertThat(log.warnings()).singleElement().asString()
                .contains("the operation Cap.c is counted under operation=other")
                .contains("2 operation names have a tag of their own")
                .contains("ResilientIoMetrics.builder().maxOperations(n)");
    }

    @Test
    void aCapBelowOneIsRefusedWithWhatItMeans() {
        assertThatThrownBy(() -> ResilientIoMetrics.builder().maxOperations(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOperations must be at least 1, was 0: it is how many distinct operation names get a tag"
                        + " of their own before the rest are counted under operation=other");
    }
}
