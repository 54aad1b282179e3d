package dev.resilientio.core.breaker;

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
 * method or operation that first names it and shared by every later one. A later one that resolves
 * other settings for the same name gets the first breaker all the same, and one WARN per pair names
 * both. Thread-safe.
 */
public final class BreakerRegistry {

    private static final LazyLogger LOG = new LazyLogger(BreakerRegistry.class);
    private static final BreakerRegistry SHARED = new BreakerRegistry();

    private final Map<String, Entry> breakers = new ConcurrentHashMap<>();
    /** "name | first | other" of each disagreement reported already, so a reload does not repeat it. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    private record Entry(FileBreaker breaker, String declaredBy) {
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
     * Returns the breaker of a name, creating it with these settings on first use.
     *
     * @param settings the settings resolved for the caller; their name picks the breaker
     * @param declaredBy the method or operation asking, such as {@code com.example.TaskStore.save}, for the WARN
     * @return the breaker, shared by everyone who names it
     */
    public FileBreaker breaker(CircuitBreakerSettings settings, String declaredBy) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(declaredBy, "declaredBy");
        Entry entry = breakers.computeIfAbsent(settings.name(), name -> new Entry(new FileBreaker(settings), declaredBy));
        CircuitBreakerSettings first = entry.breaker().settings();
        if (!first.equals(settings) && reported.add(settings.name() + " | " + entry.declaredBy() + " | " + declaredBy)) {
            LOG.warn("Circuit breaker {} is named by {} with {} but was created for {} with {}; it keeps the first."
                    + " Give both the same @FileCircuitBreaker values, or set them once for the breaker with"
                    + " RESILIENT_IO_{}_CIRCUIT_BREAKER_FAILURE_THRESHOLD and the like", settings.name(), declaredBy,
                    describe(settings), entry.declaredBy(), describe(first),
                    Setting.environmentKey(settings.name()));
        }
        return entry.breaker();
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
