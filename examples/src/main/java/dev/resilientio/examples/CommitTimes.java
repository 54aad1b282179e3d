package dev.resilientio.examples;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The commits of atomic writes, with the time of each step: collected by this listener in the
 * demo's own process, or handed over by a crash writer as {@code COMMIT} lines on its stdout, since
 * a writer killed with SIGKILL keeps nothing. Thread-safe.
 */
final class CommitTimes implements ResilientIoListener {

    /** Starts a writer's line: {@code COMMIT <operation> <bytes> <write> <fsync> <rename> <directory fsync> <total>}, in ns. */
    static final String PREFIX = "COMMIT ";

    private final List<AtomicWriteCommitted> commits = new ArrayList<>();

    @Override
    public synchronized void onEvent(ResilientIoEvent event) {
        if (event instanceof AtomicWriteCommitted commit) {
            commits.add(commit);
        }
    }

    /**
     * The line a writer prints for a commit, printed at once, before a kill can take it.
     *
     * @param commit the event
     * @return the line, without its end
     */
    static String line(AtomicWriteCommitted commit) {
        return PREFIX + commit.operation() + " " + commit.bytes() + " " + commit.write().toNanos() + " "
                + commit.fsync().toNanos() + " " + commit.rename().toNanos() + " "
                + commit.directoryFsync().toNanos() + " " + commit.total().toNanos();
    }

    /**
     * Adds the commit of a line {@link #line} made.
     *
     * @param line a line of a writer's output
     * @param target the file the writer writes, which the line leaves out
     * @return whether it was such a line; any other is left to the caller
     */
    synchronized boolean addLine(String line, Path target) {
        if (!line.startsWith(PREFIX)) {
            return false;
        }
        String[] fields = line.substring(PREFIX.length()).split(" ");
        commits.add(new AtomicWriteCommitted(fields[0], target, Long.parseLong(fields[1]), nanos(fields[2]),
                nanos(fields[3]), nanos(fields[4]), nanos(fields[5]), nanos(fields[6])));
        return true;
    }

    /**
     * Returns the commits, in the order they came.
     *
     * @return an immutable copy
     */
    synchronized List<AtomicWriteCommitted> commits() {
        return List.copyOf(commits);
    }

    /**
     * Sums the commits up in one line: how many, their size, and the median of each step.
     *
     * @return the line, or the words "no commit"
     */
    synchronized String medians() {
        if (commits.isEmpty()) {
            return "no commit";
        }
        long min = commits.stream().mapToLong(AtomicWriteCommitted::bytes).min().orElseThrow();
        long max = commits.stream().mapToLong(AtomicWriteCommitted::bytes).max().orElseThrow();
        String sizes = min == max ? String.format(Locale.ROOT, "%,d bytes each", min)
                : String.format(Locale.ROOT, "%,d to %,d bytes", min, max);
        return String.format(Locale.ROOT, "%d, %s; median write %s, fsync %s, rename %s, directory fsync %s, total %s",
                commits.size(), sizes, median(AtomicWriteCommitted::write),
                median(AtomicWriteCommitted::fsync), median(AtomicWriteCommitted::rename),
                median(AtomicWriteCommitted::directoryFsync), median(AtomicWriteCommitted::total));
    }

    private String median(Function<AtomicWriteCommitted, Duration> step) {
        List<Long> sorted = commits.stream().map(step).map(Duration::toNanos).sorted().toList();
        return EventLines.millis(sorted.get((sorted.size() - 1) / 2));
    }

    private static Duration nanos(String field) {
        return Duration.ofNanos(Long.parseLong(field));
    }
}
