package dev.resilientio.core.internal;

import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoListener;
import dev.resilientio.core.internal.jfr.JfrEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Where the engine publishes its events: to the registered listeners and, while a recording runs,
 * to JDK Flight Recorder. A site asks {@link #on()} first (or {@link #observed()}, for an event JFR
 * records too) and builds its event, reads its clocks and begins its JFR event only then, so that an
 * engine nobody observes pays one read of a field (and a clock read where JFR may start later).
 * The JFR event classes are loaded only while a recording runs: loading one registers it with the
 * recorder, which costs a JVM that never records hundreds of milliseconds. Thread-safe.
 */
public final class Events {

    private static final LazyLogger LOG = new LazyLogger(Events.class);

    private static final ResilientIoListener[] NONE = {};

    /** Copied on write: registrations are rare, publications many. */
    private static volatile ResilientIoListener[] listeners = NONE;
    private static volatile boolean jfrRecording;
    /** Either of the two: the one field an unobserved site reads. */
    private static volatile boolean on;
    /** Broken services entries skipped per class loader before the rest of its entries are given up. */
    private static final int MAX_BROKEN_SERVICES = 100;
    /**
     * Listeners whose failure was logged: each one's first failure is, no later one. Weak, so that a
     * listener its owner dropped is not kept for this.
     */
    private static final Set<ResilientIoListener> FAILED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    static {
        List<ResilientIoListener> found = loadServices();
        if (!found.isEmpty()) {
            listeners = found.toArray(NONE);
        }
        JfrEvents.watchRecordings(new JfrSink());
        update();
    }

    private Events() {
    }

    /**
     * Tells whether anyone observes the engine now; a site builds and publishes its event only then.
     *
     * @return {@code true} when a listener is registered or a JFR recording runs
     */
    public static boolean on() {
        return on;
    }

    /**
     * Tells whether anyone observes the engine now, at the site of an event that JDK Flight Recorder
     * records too: as {@link #on()}, and while no recording runs, notices one started since, whether or
     * not listeners observe.
     *
     * @return {@code true} when a listener is registered or a JFR recording runs
     */
    public static boolean observed() {
        if (!jfrRecording) {
            // Also while listeners observe: a recording started later (jcmd JFR.start) must not go unseen.
            JfrEvents.poll();
        }
        return on;
    }

    /**
     * Begins the JFR event of a step that takes time (a lock wait, an atomic write), so that its
     * duration in the recording is the step's; call it only when {@link #on()}.
     *
     * @param kind what the step is
     * @return the event begun, to hand to {@link #publish(ResilientIoEvent, Object)}, or {@code null}
     *     when no recording runs
     */
    public static Object beginJfr(JfrEvents.Kind kind) {
        return jfrRecording ? JfrEvents.begin(kind) : null;
    }

    /**
     * Publishes an event of an instant, or of a step begun without JFR.
     *
     * @param event the event
     */
    public static void publish(ResilientIoEvent event) {
        publish(event, null);
    }

    /**
     * Publishes an event to JFR, then to every listener. Nothing a listener or JFR throws reaches the
     * caller, but the JVM's own failure (a {@link VirtualMachineError}).
     *
     * @param event the event
     * @param jfr what {@link #beginJfr} returned for its step, or {@code null}
     */
    public static void publish(ResilientIoEvent event, Object jfr) {
        // JFR first: its event ends as it commits, so that no listener's time lengthens the step it spans.
        if (jfrRecording) {
            JfrEvents.commit(jfr, event);
        }
        for (ResilientIoListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable failure) {
                failed(listener, event, failure);
            }
        }
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     */
    public static synchronized void add(ResilientIoListener listener) {
        ResilientIoListener[] now = Arrays.copyOf(listeners, listeners.length + 1);
        now[now.length - 1] = listener;
        listeners = now;
        update();
    }

    /**
     * Removes one registration of a listener.
     *
     * @param listener the listener
     */
    public static synchronized void remove(ResilientIoListener listener) {
        List<ResilientIoListener> now = new ArrayList<>(Arrays.asList(listeners));
        for (int i = now.size() - 1; i >= 0; i--) {
            if (now.get(i) == listener) {
                now.remove(i);
                break;
            }
        }
        listeners = now.toArray(NONE);
        update();
    }

    /**
     * Returns the listeners registered now.
     *
     * @return an immutable copy
     */
    public static List<ResilientIoListener> listeners() {
        return List.of(listeners);
    }

    /** A class, not a lambda: the first lambda a JVM links costs its start-up milliseconds. */
    private static final class JfrSink implements Consumer<Boolean> {
        @Override
        public void accept(Boolean recording) {
            jfrRecording = recording;
            update();
        }
    }

    private static synchronized void update() {
        on = listeners.length != 0 || jfrRecording;
    }

    private static void failed(ResilientIoListener listener, ResilientIoEvent event, Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            // Out of memory, a stack overflow: the JVM's trouble, not the listener's alone; the caller must see it.
            throw fatal;
        }
        if (FAILED.add(listener)) {
            LOG.warn("The resilient-io listener {} threw on {}; the file operation went on, and this listener's later"
                    + " failures are not logged. Fix the listener: {}", listener.getClass().getName(),
                    event.getClass().getSimpleName(), failure.toString(), failure);
        }
    }

    /**
     * The listeners named in {@code META-INF/services}, seen from the engine's class loader and from
     * the context class loader of the thread that first publishes (an application's, when the engine
     * sits below it on the system class path under the agent); one instance per class. An entry that
     * cannot be loaded is logged and skipped: the listeners of the other entries still load.
     */
    private static List<ResilientIoListener> loadServices() {
        Map<String, ResilientIoListener> found = new LinkedHashMap<>();
        ClassLoader own = Events.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : context != null && context != own ? List.of(own, context) : List.of(own)) {
            Iterator<ResilientIoListener> services = ServiceLoader.load(ResilientIoListener.class, loader).iterator();
            // The loader's iterator moves past a broken entry; the bound only guards against one that would not.
            int broken = 0;
            while (broken < MAX_BROKEN_SERVICES) {
                ResilientIoListener listener;
                try {
                    if (!services.hasNext()) {
                        break;
                    }
                    listener = services.next();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError failure) {
                    broken++;
                    LOG.warn("Could not load a resilient-io listener named in META-INF/services/{}: {}. Fix the file or"
                            + " the listener's class (a public class with a public no-argument constructor); the"
                            + " engine runs without it.", ResilientIoListener.class.getName(), failure.toString());
                    continue;
                }
                found.putIfAbsent(listener.getClass().getName(), listener);
            }
        }
        return new ArrayList<>(found.values());
    }
}
