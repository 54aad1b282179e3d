package dev.resilientio.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class's SLF4J logger, looked up on its first use rather than when the class loads. The engine
 * logs only when something goes wrong (a retry, a recovery, a temp it cannot delete), while the
 * first lookup starts the logging backend, a noticeable part of an application's start-up: a
 * call that succeeds should not pay it.
 * Written by hand because SLF4J has no lazy form. Thread-safe.
 */
public final class LazyLogger {

    private final Class<?> owner;
    private volatile Logger logger;

    /**
     * Creates the logger of a class, not yet looked up.
     *
     * @param owner the class whose name the logger takes
     */
    public LazyLogger(Class<?> owner) {
        this.owner = owner;
    }

    /**
     * Returns the logger, looking it up on the first call.
     *
     * @return the logger
     */
    public Logger get() {
        Logger known = logger;
        if (known == null) {
            known = LoggerFactory.getLogger(owner);
            logger = known;
        }
        return known;
    }
}
