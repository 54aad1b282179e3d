package dev.resilientio.core.events;

import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.testsupport.ChildIo;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;

/**
 * Child JVM main for the test of a recording started while a listener already observes the engine
 * (a Micrometer binder, then {@code jcmd JFR.start}): registers a listener, writes once, starts a
 * recording, waits past the engine's 100 ms look at the recorder, writes again and dumps the recording.
 * Its own JVM, so that no earlier test has made the engine watch the recorder already. Prints
 * {@code EVENTS n} (the listener's count) and ends with {@code DONE}.
 *
 * <p>Arguments: the file to write, the recording to dump.
 */
public final class LateRecordingMain {

    private LateRecordingMain() {
    }

    public static void main(String[] args) {
        try {
            AtomicInteger events = new AtomicInteger();
            ResilientIoEvents.Registration registration = ResilientIoEvents.register(event -> events.incrementAndGet());
            ResilientFiles.writeText(Path.of(args[0]), "before");
            try (Recording recording = new Recording()) {
                recording.start();
                Thread.sleep(150);
                ResilientFiles.writeText(Path.of(args[0]), "during");
                recording.stop();
                recording.dump(Path.of(args[1]));
            }
            registration.close();
            ChildIo.signal("EVENTS " + events.get());
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
