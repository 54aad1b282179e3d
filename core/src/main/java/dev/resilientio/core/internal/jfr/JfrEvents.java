package dev.resilientio.core.internal.jfr;

import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.internal.LazyLogger;
import java.util.concurrent.TimeUnit;
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

    private static final LazyLogger LOG = new LazyLogger(JfrEvents.class);

    private static final boolean AVAILABLE = available();

    /**
     * JDK Flight Recorder failed the engine once (a security manager refusing its listener, a class
     * that does not load): from then on the engine records nothing there, and never fails a file
     * operation for it.
     */
    private static volatile boolean broken;

    /** How often a site may ask whether JDK Flight Recorder has started, until it has. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile Consumer<Boolean> sink;
    /** Whether the recorder's own notices keep the engine told; then no site asks any more. */
    private static volatile boolean watching;
    private static volatile long nextPoll;

    private JfrEvents() {
    }

    /**
     * Tells the engine whether a recording runs: at once when JDK Flight Recorder has started
     * already (as with {@code -XX:StartFlightRecording}), else from the first {@link #poll()} after it
     * starts (as with {@code jcmd <pid> JFR.start}), and from then on at each recording's start and stop.
     *
     * @param recording called with {@code true} while at least one recording runs
     */
    public static void watchRecordings(Consumer<Boolean> recording) {
        sink = recording;
        pollNow();
    }

    /**
     * Asks, at most every 100 ms, whether JDK Flight Recorder has started, until it has: the site of
     * an event that JFR records calls it when nobody else observes the engine. Asking costs a clock
     * read; the recorder itself is looked at only when it has started, and watched from then on,
     * because watching it earlier would start its machinery in every JVM (tens of milliseconds,
     * hundreds once an event class loads), where most never record.
     */
    public static void poll() {
        if (watching || !AVAILABLE || broken) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextPoll >= 0) {
            nextPoll = now + POLL_NANOS;
            pollNow();
        }
    }

    /** Asks whether JDK Flight Recorder has started, now; for {@link #poll()} and for tests that start a recording. */
    public static synchronized void pollNow() {
        try {
            if (!watching && !broken && AVAILABLE && sink != null && JfrRecordings.started()) {
                watching = true;
                JfrRecordings.watch(sink);
            }
        } catch (RuntimeException | LinkageError failure) {
            broke(failure);
        }
    }

    /**
     * Begins the JFR event of a step.
     *
     * @param kind the step
     * @return the event begun, or {@code null} without JFR
     */
    public static Object begin(Kind kind) {
        if (!AVAILABLE || broken) {
            return null;
        }
        try {
            return JfrBridge.begin(kind);
        } catch (RuntimeException | LinkageError failure) {
            broke(failure);
            return null;
        }
    }

    /**
     * Commits the JFR event of an engine event, when it has one and the recording enables it.
     *
     * @param begun the event {@link #begin} returned for its step, or {@code null}
     * @param event the engine's event
     */
    public static void commit(Object begun, ResilientIoEvent event) {
        if (!AVAILABLE || broken) {
            return;
        }
        try {
            JfrBridge.commit(begun, event);
        } catch (RuntimeException | LinkageError failure) {
            broke(failure);
        }
    }

    private static synchronized void broke(Throwable failure) {
        if (!broken) {
            broken = true;
            if (sink != null) {
                sink.accept(false);
            }
            LOG.warn("JDK Flight Recorder failed resilient-io ({}); its dev.resilientio.* events are not recorded"
                    + " from now on, and file operations go on as before.", failure.toString());
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
