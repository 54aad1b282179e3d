package dev.resilientio.core;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/** One facade operation's policies, resolved from one configuration snapshot. */
record FacadeOperation(FileRetry retry, Duration lockTimeout, AtomicSettings atomic) {

    /** Per configuration snapshot, so that a reload applies from the next call and an old snapshot is dropped. */
    private static final Map<ResilientIoConfig, Map<String, FacadeOperation>> BY_CONFIG = new WeakHashMap<>();

    static FacadeOperation resolve(String name, ResilientIoConfig config) {
        return new FacadeOperation(FileRetry.of(name, config.retryFor(name, null)), config.lockTimeoutFor(name, null),
                config.atomicFor(name, null));
    }

    /** The operation as the JVM's configuration says now; a bad value is not cached and fails every call. */
    static FacadeOperation current(String name) {
        ResilientIoConfig config = ResilientIoConfig.global();
        Map<String, FacadeOperation> operations;
        synchronized (BY_CONFIG) {
            operations = BY_CONFIG.computeIfAbsent(config, c -> new ConcurrentHashMap<>());
        }
        FacadeOperation known = operations.get(name);
        return known != null ? known : operations.computeIfAbsent(name, n -> resolve(n, config));
    }
}
