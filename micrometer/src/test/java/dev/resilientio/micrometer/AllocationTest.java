package dev.resilientio.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After its meters exist, the listener allocates nothing per event of a successful call (its lock,
 * its commit, its end): one allocation of a few bytes per event would show as megabytes here.
 */
class AllocationTest {

    private static final int EVENTS = 300_000;

    @Test
    void theSuccessPathsEventsAllocateNothingOnceTheirMetersExist() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path file = Path.of("/srv/share/tasks.json");
        List<ResilientIoEvent> events = List.of(
                new LockAcquired("TaskStore.save", file, LockMode.EXCLUSIVE, Duration.ofNanos(1_200)),
                new AtomicWriteCommitted("TaskStore.save", file, 2, Duration.ofNanos(10), Duration.ofNanos(20),
                        Duration.ofNanos(30), Duration.ofNanos(40), Duration.ofNanos(100)),
                new CallCompleted("TaskStore.save", file, CallCompleted.Outcome.SUCCESS, 1, Duration.ofNanos(150), null));
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ResilientIoMetrics metrics = new ResilientIoMetrics()) {
            metrics.bindTo(registry);
            ResilientIoListener feed = metrics.feed();
            feedAll(feed, events, EVENTS);

            long before = threads.getCurrentThreadAllocatedBytes();
            feedAll(feed, events, EVENTS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(allocated).as("bytes allocated by %s events", EVENTS).isLessThan(64 * 1024);
        }
        assertThat(registry.get(ResilientIoMetrics.CALLS).counter().count()).isEqualTo(2.0 * EVENTS / 3);
    }

    private static void feedAll(ResilientIoListener feed, List<ResilientIoEvent> events, int count) {
        for (int i = 0; i < count; i++) {
            feed.onEvent(events.get(i % 3));
        }
    }
}
