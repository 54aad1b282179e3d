package dev.resilientio.core.atomic;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.jfr.JfrEvents;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real times of one atomic write's steps, kept only while someone observes the engine, and
 * its event once the commit is done. Real time, not the engine's: a test's virtual time does not
 * move while the disk works. {@link #OFF}, for a write nobody observes, reads no clock and publishes
 * nothing, so that the session times its steps without asking.
 */
class CommitTiming {

    /** The timing of a write nobody observes: every method does nothing. */
    static final CommitTiming OFF = new CommitTiming(null, 0) {
        @Override
        long start() {
            return 0;
        }

        @Override
        void synced(long start) {
        }

        @Override
        void commitStarts() {
        }

        @Override
        void renameStarts(AtomicWriteSession session) {
        }

        @Override
        void renameEnds() {
        }

        @Override
        void directorySynced(long start) {
        }

        @Override
        void published(String operation, Path target) {
        }
    };

    private final Object jfr;
    private final long began;
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

    private CommitTiming(Object jfr, long began) {
        this.jfr = jfr;
        this.began = began;
    }

    /**
     * The timing of a write that starts now: kept while someone observes the engine, else {@link #OFF}.
     *
     * @return the timing
     */
    static CommitTiming ofWriteStartingNow() {
        return Events.observed() ? new CommitTiming(Events.beginJfr(JfrEvents.Kind.ATOMIC_COMMIT), System.nanoTime()) : OFF;
    }

    /** The clock at the start of a step, for {@link #synced} and {@link #directorySynced}. */
    long start() {
        return System.nanoTime();
    }

    void synced(long start) {
        long nanos = System.nanoTime() - start;
        fsync += nanos;
        if (commitStarted == 0) {
            fsyncBeforeCommit += nanos;
        }
    }

    void commitStarts() {
        commitStarted = System.nanoTime();
    }

    /** The rename's part starts; the content is complete, so its size is read now, from the session. */
    void renameStarts(AtomicWriteSession session) {
        bytes = session.size();
        renameStarted = System.nanoTime();
    }

    void renameEnds() {
        renameEnded = System.nanoTime();
    }

    void directorySynced(long start) {
        directoryFsync = System.nanoTime() - start;
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
