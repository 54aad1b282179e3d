package dev.resilientio.core.breaker;

import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.rules.Setting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breakers of this JVM, one per name, created on first use with the settings of the
 * method or operation that first names it and shared by every later one. Within one configuration
 * snapshot, a later one that resolves other settings for the same name gets the first breaker all
 * the same, and one WARN per pair names both. When a newer snapshot (after
 * {@link ResilientIoConfig#reload()}) resolves other settings for a caller than the older one did,
 * the breaker is replaced by a new one with the new settings, which starts closed (an open breaker's
 * state is dropped), logged at INFO. Thread-safe.
 */
public final class BreakerRegistry {

    private static final LazyLogger LOG = new LazyLogger(BreakerRegistry.class);
    private static final BreakerRegistry SHARED = new BreakerRegistry();

    private final Map<String, Entry> breakers = new ConcurrentHashMap<>();
    /** "name | first | other" of each disagreement reported already, so a reload does not repeat it. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * A breaker, who created it, the newest snapshot that resolved its settings for a caller, and
     * what each caller resolved last: a caller whose own settings did not change across a reload
     * is disagreeing, not reconfiguring.
     */
    private record Entry(FileBreaker breaker, String declaredBy, ResilientIoConfig snapshot,
            Map<String, CircuitBreakerSettings> resolvedBy) {
    }

    /** What one request found, for the logs written outside the map's lock. */
    private record Outcome(Entry entry, Entry replaced, boolean disagrees) {
    }

    /** Creates an empty registry; the engine uses {@link #shared()}. */
    BreakerRegistry() {
    }

    /**
     * Returns the registry every entry point of this JVM uses.
     *
     * @return the shared registry
     */
    public static BreakerRegistry shared() {
        return SHARED;
    }

    /**
     * Returns the breaker of a name, creating it with these settings on first use, or replacing it
     * when a newer configuration snapshot resolves other settings for this caller.
     *
     * @param settings the settings resolved for the caller; their name picks the breaker
     * @param declaredBy the method or operation asking, such as {@code com.example.TaskStore.save}, for the logs
     * @param snapshot the configuration snapshot the settings were resolved from, compared by identity
     * @return the breaker, shared by everyone who names it
     */
    public FileBreaker breaker(CircuitBreakerSettings settings, String declaredBy, ResilientIoConfig snapshot) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(declaredBy, "declaredBy");
        Objects.requireNonNull(snapshot, "snapshot");
        Outcome[] outcome = new Outcome[1];
        breakers.compute(settings.name(), (name, entry) -> {
            if (entry == null) {
                outcome[0] = new Outcome(created(settings, declaredBy, snapshot), null, false);
            } else if (entry.breaker().settings().equals(settings)) {
                entry.resolvedBy().put(declaredBy, settings);
                outcome[0] = new Outcome(entry.snapshot() == snapshot ? entry
                        : new Entry(entry.breaker(), entry.declaredBy(), snapshot, entry.resolvedBy()), null, false);
            } else if (entry.snapshot() != snapshot && !settings.equals(entry.resolvedBy().get(declaredBy))) {
                // A newer snapshot that changed what this caller resolves: the configuration changed.
                outcome[0] = new Outcome(created(settings, declaredBy, snapshot), entry, false);
            } else {
                entry.resolvedBy().put(declaredBy, settings);
                outcome[0] = new Outcome(entry, null, true);
            }
            return outcome[0].entry();
        });
        Outcome found = outcome[0];
        Entry entry = found.entry();
        if (found.replaced() != null) {
            FileBreaker old = found.replaced().breaker();
            LOG.info("Circuit breaker {} runs with new settings after a configuration reload: {} (was {}); named by {}."
                    + " It starts closed: the old breaker's state ({}) and counts are dropped", settings.name(),
                    describe(settings), describe(old.settings()), declaredBy, old.state());
        } else if (found.disagrees() && !entry.declaredBy().equals(declaredBy)
                && reported.add(settings.name() + " | " + entry.declaredBy() + " | " + declaredBy)) {
            CircuitBreakerSettings first = entry.breaker().settings();
            LOG.warn("Circuit breaker {} is named by {} with {} but was created for {} with {}; it keeps the first."
                    + " Give both the same @FileCircuitBreaker values, or set them once for the breaker with"
                    + " RESILIENT_IO_{}_CIRCUIT_BREAKER_FAILURE_THRESHOLD and the like", settings.name(), declaredBy,
                    describe(settings), entry.declaredBy(), describe(first),
                    Setting.environmentKey(settings.name()));
        }
        return entry.breaker();
    }

    private static Entry created(CircuitBreakerSettings settings, String declaredBy, ResilientIoConfig snapshot) {
        Map<String, CircuitBreakerSettings> resolvedBy = new ConcurrentHashMap<>();
        resolvedBy.put(declaredBy, settings);
        return new Entry(new FileBreaker(settings), declaredBy, snapshot, resolvedBy);
    }

    /**
     * Returns the breaker of a name if one was created.
     *
     * @param name the breaker's name
     * @return the breaker, or {@code null}
     */
    public FileBreaker find(String name) {
        Entry entry = breakers.get(name);
        return entry == null ? null : entry.breaker();
    }

    /**
     * Resets every breaker created so far ({@link FileBreaker#reset()}): closed, with no counts. For
     * tests, between two of them; the breakers stay registered, and the methods that use them keep them.
     */
    public void resetAll() {
        for (Entry entry : breakers.values()) {
            entry.breaker().reset();
        }
    }

    /**
     * Returns every breaker created so far, sorted by name: an immutable snapshot, for monitoring.
     * A breaker switched off ({@code RESILIENT_IO_CIRCUIT_BREAKER_ENABLED=false}) before its first
     * call is never created, so it is not listed.
     *
     * @return the breakers; empty when none was created
     */
    public List<FileBreaker> all() {
        List<FileBreaker> all = new ArrayList<>(breakers.size());
        for (Entry entry : breakers.values()) {
            all.add(entry.breaker());
        }
        all.sort(Comparator.comparing(breaker -> breaker.settings().name()));
        return List.copyOf(all);
    }

    private static String describe(CircuitBreakerSettings settings) {
        return "failureThreshold=" + settings.failureThreshold() + ", successThreshold=" + settings.successThreshold()
                + ", openDuration=" + Durations.format(settings.openDuration())
                + ", halfOpenMaxCalls=" + settings.halfOpenMaxCalls();
    }
}
