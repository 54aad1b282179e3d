package dev.resilientio.core.events;

import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.testsupport.ChildIo;
import java.nio.file.Path;

/**
 * Child JVM main for the test of listeners found by {@code ServiceLoader}: prints whether the engine
 * is observed before anything registers ({@code ON true}), the listeners it found
 * ({@code LISTENERS [...]}), then writes a file; the listener {@link Printing}, named in a services
 * file on the child's class path, prints {@code EVENT <type> <operation>} for each event. Ends with
 * {@code DONE}.
 *
 * <p>Arguments: the file to write.
 */
public final class ServiceListenerMain {

    private ServiceListenerMain() {
    }

    /** The listener a services file names: public, with a public no-argument constructor. */
    public static final class Printing implements ResilientIoListener {

        /** Made by {@code ServiceLoader}. */
        public Printing() {
        }

        @Override
        public void onEvent(ResilientIoEvent event) {
            ChildIo.signal("EVENT " + event.getClass().getSimpleName() + " " + event.operation());
        }
    }

    public static void main(String[] args) {
        try {
            ChildIo.signal("ON " + Events.on());
            ChildIo.signal("LISTENERS " + ResilientIoEvents.listeners().stream()
                    .map(listener -> listener.getClass().getName()).toList());
            ResilientFiles.writeText(Path.of(args[0]), "hello");
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
