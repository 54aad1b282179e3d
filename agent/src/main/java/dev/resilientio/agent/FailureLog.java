package dev.resilientio.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a class the agent could not instrument: its annotations would otherwise be silently
 * ignored, the one thing resilient-io must never do.
 */
final class FailureLog extends AgentBuilder.Listener.Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientIoAgent.class);

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
            Throwable throwable) {
        LOG.error("resilient-io agent could not instrument {}, so its @RetryFileOperation, @FileLocked and"
                + " @AtomicWrite do nothing: {}", typeName, throwable.toString(), throwable);
    }
}
