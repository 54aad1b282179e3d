package dev.resilientio.core.internal.jfr;

import dev.resilientio.core.events.ResilientIoEvent;
import java.util.function.Consumer;

/**
 * The engine's way to JDK Flight Recorder, safe where the {@code jdk.jfr} module is missing (a
 * runtime made by {@code jlink} without it): then nothing is ever recorded. Thread-safe.
 */
public final class JfrEvents {

    /** A step whose JFR event spans its duration. */
    public enum Kind {
        /** A wait for a lock: {@code dev.resilientio.LockWait}. */
        LOCK_WAIT,
        /** An atomic write, from its temp's creation to its commit: {@code dev.resilientio.AtomicCommit}. */
        ATOMIC_COMMIT
    }

    private static final boolean AVAILABLE = available();

    private JfrEvents() {
    }

    /**
     * Tells the engine from now on whether a recording runs, and at once whether one runs already.
     *
     * @param recording called with {@code true} while at least one recording runs
     */
    public static void watchRecordings(Consumer<Boolean> recording) {
        if (AVAILABLE) {
            JfrBridge.watchRecordings(recording);
        }
    }

    /**
     * Begins the JFR event of a step.
     *
     * @param kind the step
     * @return the event begun, or {@code null} without JFR
     */
    public static Object begin(Kind kind) {
        return AVAILABLE ? JfrBridge.begin(kind) : null;
    }

    /**
     * Commits the JFR event of an engine event, when it has one and the recording enables it.
     *
     * @param begun the event {@link #begin} returned for its step, or {@code null}
     * @param event the engine's event
     */
    public static void commit(Object begun, ResilientIoEvent event) {
        if (AVAILABLE) {
            JfrBridge.commit(begun, event);
        }
    }

    private static boolean available() {
        try {
            Class.forName("jdk.jfr.FlightRecorder", false, JfrEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }
}
