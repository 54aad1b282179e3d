package dev.resilientio.core;

import java.time.Duration;

/** One facade operation's policies, resolved once from configuration. */
record FacadeOperation(FileRetry retry, Duration lockTimeout, AtomicSettings atomic) {

    static FacadeOperation resolve(String name, ResilientIoConfig config) {
        return new FacadeOperation(FileRetry.of(name, config.retryFor(name, null)), config.lockTimeoutFor(name, null),
                config.atomicFor(name, null));
    }
}
