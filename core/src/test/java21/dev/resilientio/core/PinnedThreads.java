package dev.resilientio.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Watches this JVM for virtual threads pinned to their carrier while they block: a JFR recording of
 * {@code jdk.VirtualThreadPinned} with no threshold, on every JDK from 21; and, on JDK 21 to 23, what
 * {@code -Djdk.tracePinnedThreads=full} prints on {@code System.out} (the option is gone from JDK 24).
 * Not thread-safe: one watch at a time, started and stopped by one thread.
 */
final class PinnedThreads implements AutoCloseable {

    static final String EVENT = "jdk.VirtualThreadPinned";

    private final Recording recording = new Recording();
    private final Path dump;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream traced = new ByteArrayOutputStream();
    private List<RecordedEvent> events;
    private List<RecordedEvent> insideJdk;
    private String trace;

    private PinnedThreads(Path dump) {
        this.dump = dump;
    }

    /**
     * Starts watching.
     *
     * @param dump where to write the recording, to read it back
     * @return the running watch; {@link #stop()} it
     */
    static PinnedThreads start(Path dump) {
        PinnedThreads watch = new PinnedThreads(dump);
        watch.recording.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
        watch.recording.start();
        // The JDK prints each pinned stack to the System.out of the moment it pins.
        System.setOut(new PrintStream(watch.traced, true, StandardCharsets.UTF_8));
        return watch;
    }

    /** Tells whether this JDK still has -Djdk.tracePinnedThreads (21 to 23). */
    static boolean traceOptionExists() {
        return Runtime.version().feature() < 24;
    }

    /**
     * Stops watching and reads what was seen.
     *
     * @throws IOException when the recording cannot be written or read back
     */
    void stop() throws IOException {
        if (events != null) {
            return;
        }
        System.setOut(originalOut);
        recording.stop();
        recording.dump(dump);
        List<RecordedEvent> all = RecordingFile.readAllEvents(dump).stream()
                .filter(event -> event.getEventType().getName().equals(EVENT))
                .toList();
        events = all.stream().filter(event -> !insideJdkCriticalSection(event)).toList();
        insideJdk = all.stream().filter(PinnedThreads::insideJdkCriticalSection).toList();
        trace = traced.toString(StandardCharsets.UTF_8);
    }

    /**
     * Returns the pinned events recorded, after {@link #stop()}, but those of {@link #insideJdk()}.
     */
    List<RecordedEvent> events() {
        return events;
    }

    /**
     * Returns the pinned events inside the JDK's own critical sections, after {@link #stop()}: from JDK 24 the
     * JDK reports as a pin the brief wait of a virtual thread for a monitor the JDK itself takes while
     * the thread may not unmount, such as the thread's interrupt lock around every interruptible channel
     * call and every park ({@code pinnedReason} "Freeze or preempt failed (2)", HotSpot's
     * {@code freeze_pinned_cs}). Application code cannot open such a section (it is
     * {@code jdk.internal.vm.Continuation.pin()}), so these are counted apart; every other pin, a
     * native frame or a monitor of the engine's or of a frame it calls, is in {@link #events()}.
     */
    List<RecordedEvent> insideJdk() {
        return insideJdk;
    }

    private static boolean insideJdkCriticalSection(RecordedEvent event) {
        return event.hasField("pinnedReason")
                && String.valueOf(event.getString("pinnedReason")).startsWith("Freeze or preempt failed (2)");
    }

    /** Returns what -Djdk.tracePinnedThreads printed, after {@link #stop()}; empty from JDK 24. */
    String trace() {
        return trace;
    }

    /** Describes the events for an assertion message: each one's duration and top frames. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (RecordedEvent event : events.subList(0, Math.min(events.size(), 5))) {
            text.append("\n  pinned ").append(event.getDuration().toNanos() / 1000).append(" us on ")
                    .append(event.getThread() == null ? "?" : event.getThread().getJavaName());
            if (event.getStackTrace() != null) {
                for (RecordedFrame frame : event.getStackTrace().getFrames().subList(0,
                        Math.min(event.getStackTrace().getFrames().size(), 25))) {
                    text.append("\n    at ").append(frame.getMethod().getType().getName()).append('.')
                            .append(frame.getMethod().getName()).append(" line ").append(frame.getLineNumber());
                }
            }
        }
        return text.append(trace == null || trace.isEmpty() ? "" : "\n  traced:\n" + trace).toString();
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            recording.close();
        }
    }
}
