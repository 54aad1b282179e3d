package dev.resilientio.core.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The document the crash test rewrites: every entry is derived from the version and its index, so a
 * reader can tell a complete version from a torn or mixed one by recomputing them.
 *
 * @param version the version number
 * @param count how many entries the writer put in
 * @param entries the entries, {@link #entry(long, int)} for each index
 */
public record VersionedDocument(long version, int count, List<String> entries) {

    /**
     * Entries of about 1 KiB: 1024 of them make a JSON file of about 1 MiB. Few long strings make the
     * writer spend its time writing and syncing the temp rather than serialising, so that more kills
     * land while a temp exists.
     */
    public static final int ENTRIES = 1024;
    private static final int SEED_REPEATS = 62;

    /** Builds the complete document of a version. */
    public static VersionedDocument of(long version) {
        List<String> entries = new ArrayList<>(ENTRIES);
        for (int i = 0; i < ENTRIES; i++) {
            entries.add(entry(version, i));
        }
        return new VersionedDocument(version, ENTRIES, entries);
    }

    /** The entry at {@code index} of {@code version}. */
    public static String entry(long version, int index) {
        String seed = String.format("%016x", mix(version * 1_000_003L + index));
        return "v" + version + "-e" + index + "-" + seed.repeat(SEED_REPEATS);
    }

    /**
     * Describes why this is not one complete version, or returns {@code null} when it is.
     */
    public String defect() {
        if (count != ENTRIES || entries == null || entries.size() != ENTRIES) {
            return "version " + version + " has count " + count + " and "
                    + (entries == null ? "no" : String.valueOf(entries.size())) + " entries, expected " + ENTRIES;
        }
        for (int i = 0; i < ENTRIES; i++) {
            if (!entries.get(i).equals(entry(version, i))) {
                return "version " + version + " has entry " + i + " = '" + entries.get(i) + "', expected '"
                        + entry(version, i) + "'";
            }
        }
        return null;
    }

    /** SplitMix64's finaliser: spreads neighbouring inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
