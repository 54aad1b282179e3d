package dev.resilientio.core.internal.jfr;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.RetryScheduled;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/** What names {@code jdk.jfr} types; loaded only when the module is there. */
final class JfrBridge {

    private JfrBridge() {
    }

    static void watchRecordings(Consumer<Boolean> recording) {
        FlightRecorder.addListener(new RunningRecordings(recording));
    }

    static Object begin(JfrEvents.Kind kind) {
        jdk.jfr.Event event = kind == JfrEvents.Kind.LOCK_WAIT ? new LockWaitEvent() : new AtomicCommitEvent();
        event.begin();
        return event;
    }

    static void commit(Object begun, ResilientIoEvent event) {
        if (event instanceof LockAcquired acquired) {
            LockWaitEvent jfr = begun instanceof LockWaitEvent started ? started : new LockWaitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.set(acquired.operation(), acquired.target(), acquired.mode().name(), true, acquired.waited().toNanos(), "");
                jfr.commit();
            }
        } else if (event instanceof LockTimedOut timedOut) {
            LockWaitEvent jfr = begun instanceof LockWaitEvent started ? started : new LockWaitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.set(timedOut.operation(), timedOut.target(), timedOut.mode().name(), false,
                        timedOut.waited().toNanos(), timedOut.heldBy());
                jfr.commit();
            }
        } else if (event instanceof AtomicWriteCommitted committed) {
            AtomicCommitEvent jfr = begun instanceof AtomicCommitEvent started ? started : new AtomicCommitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.operation = committed.operation();
                jfr.target = text(committed.target());
                jfr.bytes = committed.bytes();
                jfr.write = committed.write().toNanos();
                jfr.fsync = committed.fsync().toNanos();
                jfr.rename = committed.rename().toNanos();
                jfr.directoryFsync = committed.directoryFsync().toNanos();
                jfr.commit();
            }
        } else if (event instanceof RetryScheduled retry) {
            RetryEvent jfr = new RetryEvent();
            if (jfr.isEnabled()) {
                jfr.operation = retry.operation();
                jfr.target = text(retry.target());
                jfr.attempt = retry.attempt();
                jfr.maxAttempts = retry.maxAttempts();
                jfr.delay = retry.delay().toNanos();
                jfr.failure = retry.failure().toString();
                jfr.commit();
            }
        } else if (event instanceof BackupRecovered recovered) {
            BackupRecoveryEvent jfr = new BackupRecoveryEvent();
            if (jfr.isEnabled()) {
                jfr.operation = recovered.operation();
                jfr.target = text(recovered.target());
                jfr.backup = text(recovered.backup());
                jfr.restored = recovered.restored();
                jfr.corruption = recovered.corruption().toString();
                jfr.commit();
            }
        } else if (event instanceof CircuitStateChanged changed) {
            CircuitTransitionEvent jfr = new CircuitTransitionEvent();
            if (jfr.isEnabled()) {
                jfr.breaker = changed.breaker();
                jfr.from = changed.from().name();
                jfr.to = changed.to().name();
                jfr.lastFailure = changed.lastFailure() == null ? null : changed.lastFailure().toString();
                jfr.commit();
            }
        }
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }

    /**
     * Keeps the set of running recordings from the recorder's own notices, never asking the recorder
     * back from inside one.
     */
    private static final class RunningRecordings implements FlightRecorderListener {

        private final Consumer<Boolean> recording;
        private final Set<Recording> running = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

        RunningRecordings(Consumer<Boolean> recording) {
            this.recording = recording;
        }

        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            for (Recording each : recorder.getRecordings()) {
                recordingStateChanged(each);
            }
        }

        @Override
        public void recordingStateChanged(Recording changed) {
            boolean any;
            synchronized (running) {
                if (changed.getState() == RecordingState.RUNNING) {
                    running.add(changed);
                } else {
                    running.remove(changed);
                }
                any = !running.isEmpty();
            }
            recording.accept(any);
        }
    }
}
