package dev.resilientio.examples;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.RetryScheduled;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The demo's one-line text of an engine event, led by the event's type: {@code LockAcquired TaskStore.save ...}. */
final class EventLines {

    private EventLines() {
    }

    /**
     * Describes an event in one line; the events the demos show get their own words, others their record's text.
     *
     * @param event the event
     * @return the line, without its end
     */
    static String describe(ResilientIoEvent event) {
        String type = event.getClass().getSimpleName();
        if (event instanceof LockAcquired lock) {
            return type + " " + lock.operation() + " " + lock.mode() + " waited " + millis(lock.waited().toNanos());
        }
        if (event instanceof AtomicWriteCommitted commit) {
            return String.format(Locale.ROOT, "%s %s %s %,d bytes: write %s, fsync %s, rename %s, directory fsync %s,"
                    + " total %s", type, commit.operation(), name(commit.target()), commit.bytes(), millis(commit.write()),
                    millis(commit.fsync()), millis(commit.rename()), millis(commit.directoryFsync()), millis(commit.total()));
        }
        if (event instanceof RetryScheduled retry) {
            return type + " " + retry.operation() + " attempt " + retry.attempt() + "/" + retry.maxAttempts()
                    + " failed (" + retry.failure() + "); the next in " + millis(retry.delay());
        }
        if (event instanceof BackupRecovered recovered) {
            return type + " " + recovered.operation() + " " + name(recovered.target()) + " is corrupt ("
                    + recovered.corruption().getClass().getSimpleName() + "); read "
                    + name(recovered.backup()) + " instead" + (recovered.restored() ? " and restored it" : "");
        }
        return event.toString();
    }

    /** A duration as milliseconds with one decimal: {@code 3.2 ms}. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String millis(Duration duration) {
        return millis(duration.toNanos());
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
