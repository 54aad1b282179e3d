package dev.resilientio.examples.boot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts the calls of {@link TallyStore}'s methods that {@link ServiceCallCounter} sees, by method
 * name. Thread-safe.
 */
@Component
public class CallLedger {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile boolean injected;

    /** Spring creates the one instance. */
    public CallLedger() {
    }

    /**
     * Counts one call.
     *
     * @param method the method's name
     */
    public void record(String method) {
        calls.computeIfAbsent(method, name -> new LongAdder()).increment();
    }

    /** Notes that the counter that records here was the Spring bean, with its fields injected. */
    void markInjected() {
        injected = true;
    }

    /**
     * Tells whether the aspect bean Spring made and injected is the one that counts.
     *
     * @return {@code true} once that bean has started
     */
    public boolean recordedByInjectedCounter() {
        return injected;
    }

    /**
     * Returns the counts so far.
     *
     * @return method name to calls, sorted by name
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((method, count) -> copy.put(method, count.sum()));
        return copy;
    }
}
