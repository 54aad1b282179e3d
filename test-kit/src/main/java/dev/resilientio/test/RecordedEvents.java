package dev.resilientio.test;

import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine's events during a test, in the order they were published: retries scheduled, lock
 * waits, commits with their fsync times, breaker transitions, and one {@code CallCompleted} per call
 * with its outcome and attempts. {@link ResilientIoExtension} registers one for a test that takes it
 * as a parameter, from then until the test ends; without the extension, register one with
 * {@code ResilientIoEvents.register(events)} and close the registration after. Thread-safe.
 */
public final class RecordedEvents implements ResilientIoListener {

    private final List<ResilientIoEvent> events = new ArrayList<>();

    /** Creates an empty record; it records nothing until registered. */
    public RecordedEvents() {
    }

    /**
     * Records an event; called by the engine.
     *
     * @param event the event
     */
    @Override
    public synchronized void onEvent(ResilientIoEvent event) {
        events.add(event);
    }

    /**
     * Returns every event recorded so far.
     *
     * @return an immutable copy, oldest first
     */
    public synchronized List<ResilientIoEvent> all() {
        return List.copyOf(events);
    }

    /**
     * Returns the events of one type recorded so far, such as {@code ofType(CallCompleted.class)}.
     *
     * @param type the event's record type
     * @param <E> the type
     * @return an immutable list, oldest first
     */
    public synchronized <E extends ResilientIoEvent> List<E> ofType(Class<E> type) {
        Objects.requireNonNull(type, "type");
        List<E> matching = new ArrayList<>();
        for (ResilientIoEvent event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return List.copyOf(matching);
    }

    /** Forgets the events recorded so far, for a test that asserts those of one phase. */
    public synchronized void clear() {
        events.clear();
    }

    @Override
    public synchronized String toString() {
        return "RecordedEvents" + events;
    }
}
