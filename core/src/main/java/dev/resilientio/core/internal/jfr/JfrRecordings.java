package dev.resilientio.core.internal.jfr;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether recordings run, from the recorder's own notices; names no event class, so that loading it
 * registers no event. Loaded only when the {@code jdk.jfr} module is there.
 */
final class JfrRecordings implements FlightRecorderListener {

    private final Consumer<Boolean> recording;
    private final Set<Recording> running = Collections.newSetFromMap(new IdentityHashMap<>());

    private JfrRecordings(Consumer<Boolean> recording) {
        this.recording = recording;
    }

    /** Whether the recorder has started in this JVM; cheap, and starts nothing. */
    static boolean started() {
        return FlightRecorder.isInitialized();
    }

    /** Tells {@code recording} now and at each recording's start and stop whether any runs. */
    static void watch(Consumer<Boolean> recording) {
        FlightRecorder.addListener(new JfrRecordings(recording));
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        for (Recording each : recorder.getRecordings()) {
            recordingStateChanged(each);
        }
    }

    /** Never asks the recorder back from inside its notice. */
    @Override
    public void recordingStateChanged(Recording changed) {
        synchronized (running) {
            if (changed.getState() == RecordingState.RUNNING) {
                running.add(changed);
            } else {
                running.remove(changed);
            }
            boolean any = !running.isEmpty();
            // Inside the lock: two notices on two threads must not tell the engine in the wrong order.
            recording.accept(any);
        }
    }
}
