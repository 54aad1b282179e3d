package dev.resilientio.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a class the agent could not instrument: its annotations would otherwise be silently
 * ignored, the one thing resilient-io must never do.
 */
final class FailureLog {

    private FailureLog() {
    }

    static void report(String typeName, Throwable throwable) {
        String message = "resilient-io agent could not instrument " + typeName + ", so its @RetryFileOperation,"
                + " @FileLocked and @AtomicWrite do nothing: " + throwable;
        // Also on stderr: without an SLF4J provider the log line would vanish, and this must never be silent.
        System.err.println(message);
        // Looked up only on failure: an application without an SLF4J provider sees no start-up warning.
        Logger log = LoggerFactory.getLogger(ResilientIoAgent.class);
        log.error(message, throwable);
    }
}
