package dev.resilientio.agent.internal;

import dev.resilientio.core.internal.LazyLogger;

/**
 * Reports what would otherwise leave annotations silently ignored, the one thing resilient-io must
 * never do: a class the agent could not instrument, an engine of another version.
 */
final class FailureLog {

    /** The engine's logger finds the application's own logging, which the agent cannot see directly. */
    private static final LazyLogger LOG = new LazyLogger(AgentInstaller.class);

    private FailureLog() {
    }

    static void report(String typeName, Throwable throwable) {
        error("resilient-io agent could not instrument " + typeName + ", so its resilient-io"
                + " annotations (@RetryFileOperation, @FileLocked, @AtomicWrite, ...) do nothing: " + throwable, throwable);
    }

    static void error(String message, Throwable throwable) {
        // Also on stderr: at start-up the application's logging is not set up yet, and this must never be missed.
        System.err.println(message);
        if (throwable != null) {
            LOG.error("{}", message, throwable);
        } else {
            LOG.error("{}", message);
        }
    }
}
