package dev.resilientio.micrometer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value of the {@code operation} tag for an operation name: the name itself for the first
 * {@code max} distinct names, {@link ResilientIoMetrics#OTHER_OPERATION} for any later one. Annotated
 * methods have names fixed by code, but the plain API takes names made at run time
 * ({@code FileOperation.named(...)}), and each distinct tag value is a time series kept forever by the
 * registry and its backend. Thread-safe.
 */
final class OperationTags {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientIoMetrics.class);

    private final int max;
    /** The names with a tag of their own; never more than {@code max}, so it cannot grow without bound either. */
    private final Map<String, Boolean> admitted = new ConcurrentHashMap<>();
    /** Set once {@code max} names are admitted: from then on an unknown name needs no lock. */
    private volatile boolean full;

    OperationTags(int max) {
        this.max = max;
    }

    /**
     * Returns the tag value of an operation name.
     *
     * @param operation the operation's name
     * @return the name, or {@code other} once the cap is reached by other names
     */
    String tag(String operation) {
        if (admitted.containsKey(operation)) {
            return operation;
        }
        return full ? ResilientIoMetrics.OTHER_OPERATION : admit(operation);
    }

    private synchronized String admit(String operation) {
        if (admitted.containsKey(operation)) {
            return operation;
        }
        if (admitted.size() < max) {
            admitted.put(operation, Boolean.TRUE);
            return operation;
        }
        full = true;
        LOG.warn("resilient-io metrics: the operation {} is counted under operation={}, as every operation named"
                + " from now on: {} operation names have a tag of their own already, the cap that keeps the number"
                + " of time series bounded. If these names are fixed in your code, raise the cap with"
                + " ResilientIoMetrics.builder().maxOperations(n); if they are made at run time (from file names,"
                + " say), give FileOperation.named(...) a fixed name instead", operation,
                ResilientIoMetrics.OTHER_OPERATION, max);
        return ResilientIoMetrics.OTHER_OPERATION;
    }
}
