package dev.resilientio.core.atomic;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.internal.Events;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real times of one atomic write's steps, kept only while someone observes the engine, and
 * its event once the commit is done. Real time, not the engine's: a test's virtual time does not
 * move while the disk works.
 */
final class CommitTiming {

    private final Object jfr;
    private final long began = System.nanoTime();
    private long commitStarted;
    private long renameStarted;
    private long renameEnded;
    private long bytes = -1;
    /** The temp's syncs, in the commit or in the engine's own write of the content before it. */
    private long fsync;
    /** The part of {@link #fsync} before the commit started, which the write's time leaves out. */
    private long fsyncBeforeCommit;
    /** The directory's sync; 0 when the durability setting skips it. */
    private long directoryFsync;

    CommitTiming(Object jfr) {
        this.jfr = jfr;
    }

    void synced(long nanos) {
        fsync += nanos;
        if (commitStarted == 0) {
            fsyncBeforeCommit += nanos;
        }
    }

    void commitStarts() {
        commitStarted = System.nanoTime();
    }

    void renameStarts(long size) {
        bytes = size;
        renameStarted = System.nanoTime();
    }

    void renameEnds() {
        renameEnded = System.nanoTime();
    }

    void directorySynced(long nanos) {
        directoryFsync = nanos;
    }

    /** Publishes the commit's event; the content's write is what came before the commit, its syncs apart. */
    void published(String operation, Path target) {
        long end = System.nanoTime();
        Events.publish(new AtomicWriteCommitted(operation != null ? operation : "AtomicFileWriter", target, bytes,
                Duration.ofNanos(commitStarted - began - fsyncBeforeCommit), Duration.ofNanos(fsync),
                Duration.ofNanos(renameEnded - renameStarted), Duration.ofNanos(directoryFsync),
                Duration.ofNanos(end - began)), jfr);
    }
}
