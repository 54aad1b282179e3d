package dev.resilientio.examples;

import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/**
 * Prints the engine's events of some types in a demo's output while a step of the demo runs, as
 * they happen, one indented line each ({@link EventLines}).
 */
final class EventLog {

    /** A step of a demo. */
    interface Step<T> {
        T run() throws IOException;
    }

    private EventLog() {
    }

    /**
     * Runs {@code step} with a listener that prints its events of {@code types} to {@code out}.
     *
     * @param out the demo's output
     * @param types the event types to print
     * @param step what to run
     * @return what it returned
     * @throws IOException what it threw
     */
    static <T> T around(PrintStream out, Set<Class<? extends ResilientIoEvent>> types, Step<T> step) throws IOException {
        ResilientIoEvents.Registration registration = ResilientIoEvents.register(event -> {
            if (types.contains(event.getClass())) {
                out.println("  " + EventLines.describe(event));
            }
        });
        try {
            return step.run();
        } finally {
            registration.close();
        }
    }
}
