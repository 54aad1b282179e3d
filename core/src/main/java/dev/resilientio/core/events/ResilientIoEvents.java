package dev.resilientio.core.events;

import dev.resilientio.core.internal.Events;
import java.util.List;
import java.util.Objects;

/** Registers listeners of the engine's events, for every call of this JVM. Thread-safe. */
public final class ResilientIoEvents {

    private ResilientIoEvents() {
    }

    /**
     * Adds a listener of every event from now on, until the returned registration is closed.
     *
     * @param listener the listener; one object registered twice receives each event twice
     * @return closing it removes the listener; closing it again does nothing
     */
    public static Registration register(ResilientIoListener listener) {
        Objects.requireNonNull(listener, "listener");
        Events.add(listener);
        return new Registration(listener);
    }

    /**
     * Returns the listeners registered now, those found by {@code ServiceLoader} first.
     *
     * @return an immutable copy
     */
    public static List<ResilientIoListener> listeners() {
        return Events.listeners();
    }

    /** A listener's registration; see {@link #register}. */
    public static final class Registration implements AutoCloseable {

        private final ResilientIoListener listener;
        private boolean closed;

        private Registration(ResilientIoListener listener) {
            this.listener = listener;
        }

        /** Removes the listener; it receives no event that starts after this returns. */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Events.remove(listener);
            }
        }
    }
}
