package dev.resilientio.examples.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * One list's content as stored in its JSON file: the entries in the order they were added.
 *
 * @param entries the entries, never {@code null}
 */
public record Tally(List<String> entries) {

    /** A list with no entries, what a list that was never written holds. */
    public static final Tally EMPTY = new Tally(List.of());

    /**
     * Copies the entries, so a tally never changes once made.
     *
     * @param entries the entries; {@code null} (a file written as {@code {}}) means none
     */
    public Tally {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * Returns this tally with one more entry at the end.
     *
     * @param entry the entry to add
     * @return a new tally
     */
    public Tally with(String entry) {
        List<String> more = new ArrayList<>(entries.size() + 1);
        more.addAll(entries);
        more.add(entry);
        return new Tally(more);
    }
}
