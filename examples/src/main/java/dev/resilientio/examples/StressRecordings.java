package dev.resilientio.examples;

import dev.resilientio.annotations.LockMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * JDK Flight Recorder recordings of a stress run's workers, one file per worker in a directory: the
 * options that make a worker record from its start to its exit, and the lock waits read back.
 */
final class StressRecordings {

    /** The engine's JFR event of a lock wait. */
    static final String LOCK_WAIT = "dev.resilientio.LockWait";

    private final Path dir;

    StressRecordings(Path dir) {
        this.dir = dir;
    }

    /** The recording of one worker. */
    Path file(int worker) {
        return dir.resolve("stress-worker-" + worker + ".jfr");
    }

    /**
     * The JVM options that record worker {@code worker} with the default settings, written to its
     * file when it exits.
     */
    List<String> jvmOptions(int worker) {
        // The recorder announces itself on stdout, which carries the worker's lines to the parent: errors only.
        return List.of("-Xlog:jfr+startup=error",
                "-XX:StartFlightRecording=name=resilient-io-stress,dumponexit=true,filename=" + file(worker));
    }

    /**
     * Reads the lock waits back from the recordings of workers 1 to {@code workers}.
     *
     * @param workers how many workers recorded
     * @return each {@value #LOCK_WAIT} event's wait, by operation and mode
     * @throws IOException when a recording cannot be read
     */
    LockWaits lockWaits(int workers) throws IOException {
        LockWaits waits = new LockWaits();
        for (int worker = 1; worker <= workers; worker++) {
            for (RecordedEvent event : RecordingFile.readAllEvents(file(worker))) {
                if (event.getEventType().getName().equals(LOCK_WAIT)) {
                    waits.add(new LockWaits.Key(event.getString("operation"), LockMode.valueOf(event.getString("mode"))),
                            List.of(event.getLong("waited")));
                }
            }
        }
        return waits;
    }
}
