package dev.resilientio.micrometer;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.FileBreaker;
import dev.resilientio.core.events.CallCompleted.Outcome;
import dev.resilientio.core.events.CircuitStateChanged.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one registry, created on the first event of each tag set and kept, so that an event
 * after the first of its kind costs map lookups and the meter's own update, with no allocation of
 * ours. The operation names it is given are already capped ({@link OperationTags}). Thread-safe: two
 * threads creating one meter at once get the same meter from the registry.
 */
final class RegistryMeters {

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final LockMode[] MODES = LockMode.values();
    private static final State[] STATES = State.values();

    private final MeterRegistry registry;
    /** By operation, then by outcome's ordinal. */
    private final Map<String, AtomicReferenceArray<Counter>> calls = new ConcurrentHashMap<>();
    /** By operation, then by {@link #lockIndex}. */
    private final Map<String, AtomicReferenceArray<Timer>> lockWaits = new ConcurrentHashMap<>();
    private final Map<String, Timer> commits = new ConcurrentHashMap<>();
    private final Map<String, Counter> recoveries = new ConcurrentHashMap<>();
    private final Map<String, Counter> locksLost = new ConcurrentHashMap<>();
    private final Set<String> breakers = ConcurrentHashMap.newKeySet();

    RegistryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    void called(String operation, Outcome outcome) {
        AtomicReferenceArray<Counter> byOutcome = calls.get(operation);
        if (byOutcome == null) {
            byOutcome = calls.computeIfAbsent(operation, name -> new AtomicReferenceArray<>(OUTCOMES.length));
        }
        Counter counter = byOutcome.get(outcome.ordinal());
        if (counter == null) {
            counter = Counter.builder(ResilientIoMetrics.CALLS)
                    .description("Calls of resilient-io operations, by how they ended")
                    .baseUnit("calls")
                    .tag("operation", operation)
                    .tag("outcome", outcome.tag())
                    .register(registry);
            byOutcome.set(outcome.ordinal(), counter);
        }
        counter.increment();
    }

    void lockWaited(String operation, LockMode mode, boolean acquired, Duration waited) {
        AtomicReferenceArray<Timer> byKind = lockWaits.get(operation);
        if (byKind == null) {
            byKind = lockWaits.computeIfAbsent(operation, name -> new AtomicReferenceArray<>(MODES.length * 2));
        }
        int index = lockIndex(mode, acquired);
        Timer timer = byKind.get(index);
        if (timer == null) {
            timer = Timer.builder(ResilientIoMetrics.LOCK_WAIT)
                    .description("Waits for file locks, free locks included (a wait of 0), by lock mode and"
                            + " whether the lock was acquired or the wait timed out")
                    .tag("operation", operation)
                    .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                    .tag("outcome", acquired ? "acquired" : "timed_out")
                    .register(registry);
            byKind.set(index, timer);
        }
        timer.record(waited);
    }

    private static int lockIndex(LockMode mode, boolean acquired) {
        return mode.ordinal() * 2 + (acquired ? 0 : 1);
    }

    void committed(String operation, Duration total) {
        Timer timer = commits.get(operation);
        if (timer == null) {
            timer = commits.computeIfAbsent(operation, name -> Timer.builder(ResilientIoMetrics.ATOMIC_COMMIT)
                    .description("Atomic writes that replaced their file, from the temp file's creation to the"
                            + " end of the commit: writing the content, its fsync, the rename and the directory's fsync")
                    .tag("operation", name)
                    .register(registry));
        }
        timer.record(total);
    }

    void recovered(String operation) {
        count(recoveries, operation, ResilientIoMetrics.BACKUP_RECOVERIES,
                "Reads that found their file corrupt and were served by a backup", "recoveries");
    }

    void lockLost(String operation) {
        count(locksLost, operation, ResilientIoMetrics.LOCK_LOST,
                "Atomic writes stopped before their rename because their lock across hosts was lost", "writes");
    }

    /** Counts one for an operation on a counter of its own, created at its first count. */
    private void count(Map<String, Counter> counters, String operation, String meter, String description, String unit) {
        Counter counter = counters.get(operation);
        if (counter == null) {
            counter = counters.computeIfAbsent(operation, name -> Counter.builder(meter)
                    .description(description)
                    .baseUnit(unit)
                    .tag("operation", name)
                    .register(registry));
        }
        counter.increment();
    }

    /**
     * Registers the state gauges of a breaker, once: they read the breaker of that name at each scrape,
     * so a breaker that a configuration reload replaced is read through its successor.
     */
    void breaker(String name) {
        if (!breakers.add(name)) {
            return;
        }
        for (State state : STATES) {
            Gauge.builder(ResilientIoMetrics.CIRCUIT_STATE, () -> isIn(name, state) ? 1 : 0)
                    .description("1 for the circuit breaker's current state, 0 for its other states")
                    .tag("breaker", name)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private static boolean isIn(String breaker, State state) {
        FileBreaker found = BreakerRegistry.shared().find(breaker);
        return found != null && found.state().equals(state.name());
    }
}
