package dev.resilientio.micrometer;

import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.FileBreaker;
import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.events.CallCompleted;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.LockLost;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.events.ResilientIoListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The resilient-io engine's meters, fed by its events ({@link ResilientIoEvents}) for every call of
 * this JVM, whatever the entry point (annotations under any weaving, the plain API, the JSON and
 * Kotlin helpers):
 * <ul>
 *   <li>{@value #CALLS}, a counter of calls by {@code operation} and {@code outcome}: {@code success},
 *       {@code success_after_retry}, {@code failed}, {@code refused_by_breaker};</li>
 *   <li>{@value #LOCK_WAIT}, a timer of lock waits by {@code operation}, {@code mode} ({@code shared},
 *       {@code exclusive}) and {@code outcome} ({@code acquired}, {@code timed_out}); a lock found free
 *       is a wait of 0;</li>
 *   <li>{@value #ATOMIC_COMMIT}, a timer of atomic writes by {@code operation}, from the temp file's
 *       creation to the end of the commit;</li>
 *   <li>{@value #BACKUP_RECOVERIES}, a counter of reads served by a backup, by {@code operation};</li>
 *   <li>{@value #LOCK_LOST}, a counter of atomic writes stopped before their rename because their lock
 *       across hosts was lost ({@code FileLockLostException}), by {@code operation};</li>
 *   <li>{@value #CIRCUIT_STATE}, a gauge per circuit breaker ({@code breaker}) and {@code state}
 *       ({@code closed}, {@code open}, {@code half_open}): 1 for its current state, 0 for the others,
 *       read at each scrape. The breakers that exist when it is bound appear at once, a later one
 *       from its first transition.</li>
 * </ul>
 * No tag holds a file path. The {@code operation} tag takes the first {@link Builder#maxOperations
 * maxOperations} distinct operation names ({@value #DEFAULT_MAX_OPERATIONS} by default) as they are,
 * and counts any later one under {@code operation=}{@value #OTHER_OPERATION}, with one WARN.
 *
 * <p>Binding registers one listener with the engine, which makes the engine build its events on
 * every call from then on; {@link #close()} removes it. It may be bound to several registries, and
 * each then counts every event (binding one registry twice counts once); to publish to several
 * backends, Micrometer's way is one {@code CompositeMeterRegistry} and one binding. Meters are
 * created on the first event of their tags and reused. Thread-safe.
 */
public final class ResilientIoMetrics implements MeterBinder, AutoCloseable {

    /** The name of the counter of calls. */
    public static final String CALLS = "resilientio.calls";
    /** The name of the timer of lock waits. */
    public static final String LOCK_WAIT = "resilientio.lock.wait";
    /** The name of the timer of atomic commits. */
    public static final String ATOMIC_COMMIT = "resilientio.atomic.commit";
    /** The name of the counter of recoveries from backups. */
    public static final String BACKUP_RECOVERIES = "resilientio.backup.recoveries";
    /** The name of the counter of atomic writes whose lock across hosts was lost before the rename. */
    public static final String LOCK_LOST = "resilientio.lock.lost";
    /** The name of the gauge of circuit breakers' states. */
    public static final String CIRCUIT_STATE = "resilientio.circuit.state";
    /** How many distinct operation names get a tag of their own by default. */
    public static final int DEFAULT_MAX_OPERATIONS = 100;
    /** The {@code operation} tag of every operation beyond the cap. */
    public static final String OTHER_OPERATION = "other";

    private static final RegistryMeters[] NONE = {};

    private final OperationTags operations;
    private final EventFeed feed = new EventFeed();
    /** Copied on write: bindings are rare, events many. */
    private volatile RegistryMeters[] bound = NONE;
    /** Guarded by {@code this}. */
    private ResilientIoEvents.Registration registration;
    /** Guarded by {@code this}. */
    private boolean closed;

    /** Creates the meters with the default cap of {@value #DEFAULT_MAX_OPERATIONS} operation names. */
    public ResilientIoMetrics() {
        this(DEFAULT_MAX_OPERATIONS);
    }

    private ResilientIoMetrics(int maxOperations) {
        this.operations = new OperationTags(maxOperations);
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the meters to a registry and, at the first binding, starts listening to the engine. The
     * state gauges of the breakers that exist now are registered at once.
     *
     * @param registry the registry
     * @throws IllegalStateException when this instance was closed
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("This ResilientIoMetrics was closed and counts nothing any more, so it"
                    + " cannot be bound to " + registry.getClass().getName() + ": create a new one to bind");
        }
        for (RegistryMeters meters : bound) {
            if (meters.registry() == registry) {
                return;
            }
        }
        RegistryMeters meters = new RegistryMeters(registry);
        RegistryMeters[] now = Arrays.copyOf(bound, bound.length + 1);
        now[now.length - 1] = meters;
        // Published before the breakers are listed: a breaker created meanwhile is seen by one or the other.
        bound = now;
        for (FileBreaker breaker : BreakerRegistry.shared().all()) {
            meters.breaker(breaker.settings().name());
        }
        if (registration == null) {
            registration = ResilientIoEvents.register(feed);
        }
    }

    /**
     * Stops listening to the engine: no meter changes after this returns, except the state gauges,
     * which still read the breakers. The meters stay in their registries, as Micrometer's binders
     * leave theirs. Closing again does nothing.
     */
    @Override
    public synchronized void close() {
        closed = true;
        bound = NONE;
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    /** The listener registered with the engine; for the module's tests. */
    ResilientIoListener feed() {
        return feed;
    }

    /** Feeds each event to the meters of every registry bound. */
    private final class EventFeed implements ResilientIoListener {

        @Override
        public void onEvent(ResilientIoEvent event) {
            RegistryMeters[] targets = bound;
            // The most frequent first: every call ends with one, every locked call acquires one.
            if (event instanceof CallCompleted call) {
                String operation = operations.tag(call.operation());
                for (RegistryMeters meters : targets) {
                    meters.called(operation, call.outcome());
                }
            } else if (event instanceof LockAcquired lock) {
                String operation = operations.tag(lock.operation());
                for (RegistryMeters meters : targets) {
                    meters.lockWaited(operation, lock.mode(), true, lock.waited());
                }
            } else if (event instanceof AtomicWriteCommitted commit) {
                String operation = operations.tag(commit.operation());
                for (RegistryMeters meters : targets) {
                    meters.committed(operation, commit.total());
                }
            } else if (event instanceof LockTimedOut timeout) {
                String operation = operations.tag(timeout.operation());
                for (RegistryMeters meters : targets) {
                    meters.lockWaited(operation, timeout.mode(), false, timeout.waited());
                }
            } else if (event instanceof BackupRecovered recovery) {
                String operation = operations.tag(recovery.operation());
                for (RegistryMeters meters : targets) {
                    meters.recovered(operation);
                }
            } else if (event instanceof LockLost lost) {
                String operation = operations.tag(lost.operation());
                for (RegistryMeters meters : targets) {
                    meters.lockLost(operation);
                }
            } else if (event instanceof CircuitStateChanged transition) {
                for (RegistryMeters meters : targets) {
                    meters.breaker(transition.breaker());
                }
            }
        }
    }

    /** Builds a {@link ResilientIoMetrics}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {

        private int maxOperations = DEFAULT_MAX_OPERATIONS;

        private Builder() {
        }

        /**
         * Sets how many distinct operation names get an {@code operation} tag of their own; later names
         * are counted under {@code operation=}{@value ResilientIoMetrics#OTHER_OPERATION}.
         *
         * @param maxOperations at least 1; {@value ResilientIoMetrics#DEFAULT_MAX_OPERATIONS} by default
         * @return this builder
         * @throws IllegalArgumentException when it is less than 1
         */
        public Builder maxOperations(int maxOperations) {
            if (maxOperations < 1) {
                throw new IllegalArgumentException("maxOperations must be at least 1, was " + maxOperations
                        + ": it is how many distinct operation names get a tag of their own before the rest are"
                        + " counted under operation=" + OTHER_OPERATION);
            }
            this.maxOperations = maxOperations;
            return this;
        }

        /**
         * Creates the meters, not yet bound to a registry.
         *
         * @return a new instance
         */
        public ResilientIoMetrics build() {
            return new ResilientIoMetrics(maxOperations);
        }
    }
}
