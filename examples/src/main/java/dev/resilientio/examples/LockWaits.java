package dev.resilientio.examples;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.ResilientIoListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lock waits of a stress run, by operation and mode: a listener of {@link LockAcquired} in each
 * worker collects them, the worker hands them to the parent as {@code WAITS} lines on its stdout,
 * and the parent sums up all of them. Thread-safe.
 */
final class LockWaits implements ResilientIoListener {

    /** Starts the lines a worker prints for its parent: {@code WAITS <operation> <mode> <nanos>,<nanos>,...}. */
    static final String PREFIX = "WAITS ";

    /** Which waits: an operation and the mode of its lock. */
    record Key(String operation, LockMode mode) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::operation).thenComparing(Key::mode);

    private final Map<Key, List<Long>> waits = new TreeMap<>(ORDER);

    @Override
    public void onEvent(ResilientIoEvent event) {
        if (event instanceof LockAcquired lock) {
            add(new Key(lock.operation(), lock.mode()), List.of(lock.waited().toNanos()));
        }
    }

    /**
     * Adds waits, as a JFR recording or another worker reports them.
     *
     * @param key their operation and mode
     * @param nanos each wait
     */
    synchronized void add(Key key, List<Long> nanos) {
        waits.computeIfAbsent(key, k -> new ArrayList<>()).addAll(nanos);
    }

    /** The waits as lines for the parent, one per operation and mode. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        waits.forEach((key, nanos) -> lines.add(PREFIX + key.operation() + " " + key.mode() + " "
                + nanos.stream().map(String::valueOf).collect(Collectors.joining(","))));
        return lines;
    }

    /**
     * Adds the waits of a line {@link #lines()} printed.
     *
     * @param line a line of a worker's output
     * @return whether it was such a line; any other is left to the caller
     */
    boolean addLine(String line) {
        if (!line.startsWith(PREFIX)) {
            return false;
        }
        String[] fields = line.substring(PREFIX.length()).split(" ");
        List<Long> nanos = new ArrayList<>();
        for (String wait : fields[2].split(",")) {
            nanos.add(Long.parseLong(wait));
        }
        add(new Key(fields[0], LockMode.valueOf(fields[1])), nanos);
        return true;
    }

    /**
     * Returns every wait by operation and mode, each list sorted, for comparing two sources.
     *
     * @return an immutable copy
     */
    synchronized Map<Key, List<Long>> sorted() {
        Map<Key, List<Long>> copy = new TreeMap<>(ORDER);
        waits.forEach((key, nanos) -> copy.put(key, nanos.stream().sorted().toList()));
        return copy;
    }

    /** How many waits. */
    synchronized int count() {
        return waits.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Sums the waits up in a few lines: all of them, then the longest of each operation and mode as
     * the event that reported it, with its group's median and 99th percentile.
     *
     * @param file the locked file, which the events name
     * @return the lines, indented; none when there was no wait
     */
    synchronized List<String> summary(Path file) {
        List<String> lines = new ArrayList<>();
        if (waits.isEmpty()) {
            return lines;
        }
        List<Long> all = waits.values().stream().flatMap(List::stream).sorted().toList();
        lines.add("  lock waits, as a ResilientIoListener in each process saw them: " + all.size() + "; "
                + percentiles(all));
        Map<String, List<Long>> longest = new LinkedHashMap<>();
        waits.forEach((key, nanos) -> {
            List<Long> group = nanos.stream().sorted().toList();
            longest.put(EventLines.describe(new LockAcquired(key.operation(), file, key.mode(),
                    Duration.ofNanos(group.get(group.size() - 1)))), group);
        });
        int width = longest.keySet().stream().mapToInt(String::length).max().orElse(0);
        longest.forEach((event, group) -> lines.add(String.format("    %-" + width + "s  the longest of %d (p50 %s, p99 %s)",
                event, group.size(), EventLines.millis(percentile(group, 50)), EventLines.millis(percentile(group, 99)))));
        return lines;
    }

    private static String percentiles(List<Long> sorted) {
        return "p50 " + EventLines.millis(percentile(sorted, 50)) + ", p99 " + EventLines.millis(percentile(sorted, 99))
                + ", max " + EventLines.millis(sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
