package dev.resilientio.core.testsupport;

import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.events.ResilientIoListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A listener of the engine's events that keeps those of one test: the events on files under the
 * test's directory, and the transitions of the breakers it names. Registered when made, removed on
 * {@link #close()}. Events of other tests' leftover threads never reach its list.
 */
public final class EventRecorder implements ResilientIoListener, AutoCloseable {

    private final Predicate<ResilientIoEvent> mine;
    private final List<ResilientIoEvent> events = new ArrayList<>();
    private final ResilientIoEvents.Registration registration;

    private EventRecorder(Predicate<ResilientIoEvent> mine) {
        this.mine = mine;
        this.registration = ResilientIoEvents.register(this);
    }

    /**
     * Registers a recorder of the events on files under a directory and of the named breakers' transitions.
     *
     * @param dir the test's directory
     * @param breakers the breakers whose transitions to keep
     * @return the recorder, registered
     */
    public static EventRecorder under(Path dir, String... breakers) {
        Path given = dir.toAbsolutePath().normalize();
        Path real = realPath(given);
        Set<String> names = Set.of(breakers);
        return new EventRecorder(event -> {
            if (event instanceof CircuitStateChanged changed) {
                return names.contains(changed.breaker());
            }
            Path target = event.target();
            if (target == null) {
                return false;
            }
            Path absolute = target.toAbsolutePath().normalize();
            return absolute.startsWith(given) || absolute.startsWith(real);
        });
    }

    @Override
    public synchronized void onEvent(ResilientIoEvent event) {
        if (mine.test(event)) {
            events.add(event);
        }
    }

    /**
     * Returns the events kept so far, in the order they were published.
     *
     * @return a copy
     */
    public synchronized List<ResilientIoEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the events of one type kept so far, in order.
     *
     * @param type the event type
     * @param <T> the type
     * @return a copy
     */
    public synchronized <T extends ResilientIoEvent> List<T> of(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (ResilientIoEvent event : events) {
            if (type.isInstance(event)) {
                found.add(type.cast(event));
            }
        }
        return found;
    }

    /**
     * Returns the simple names of the kept events' types, in order, to assert their sequence.
     *
     * @return the names
     */
    public synchronized List<String> sequence() {
        return events.stream().map(event -> event.getClass().getSimpleName()).toList();
    }

    /** Forgets the events kept so far. */
    public synchronized void clear() {
        events.clear();
    }

    /** Removes the listener. */
    @Override
    public void close() {
        registration.close();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            return path;
        }
    }
}
