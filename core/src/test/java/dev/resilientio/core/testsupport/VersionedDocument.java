package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The document the crash test rewrites: every entry is derived from the version and its index, so a
 * reader can tell a complete version from a torn or mixed one by recomputing them. Its file form is
 * lines: {@code version <n>}, {@code count <n>}, the entries, then {@code end}.
 *
 * @param version the version number
 * @param count how many entries the writer put in
 * @param entries the entries, {@link #entry(long, int)} for each index
 */
public record VersionedDocument(long version, int count, List<String> entries) {

    /**
     * Entries of about 1 KiB: 1024 of them make a file of about 1 MiB. Few long strings make the
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

    /** Returns the file form, as UTF-8 bytes. */
    public byte[] bytes() {
        StringBuilder text = new StringBuilder(ENTRIES * 1_040);
        text.append("version ").append(version).append('\n').append("count ").append(count).append('\n');
        entries.forEach(entry -> text.append(entry).append('\n'));
        return text.append("end\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses the file form; a file without its last line, {@code end}, is torn.
     *
     * @param content the file's bytes
     * @return the document, whose {@link #defect()} tells whether it is one complete version
     * @throws IOException when the content is not the file form or was cut short
     */
    public static VersionedDocument parse(byte[] content) throws IOException {
        List<String> lines = Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\n", -1));
        int last = lines.size() - 1;
        if (lines.size() < 4 || !lines.get(0).startsWith("version ") || !lines.get(1).startsWith("count ")
                || !lines.get(last - 1).equals("end") || !lines.get(last).isEmpty()) {
            throw new IOException("not a whole document: " + content.length + " bytes, " + lines.size() + " lines");
        }
        try {
            return new VersionedDocument(Long.parseLong(lines.get(0).substring("version ".length())),
                    Integer.parseInt(lines.get(1).substring("count ".length())), List.copyOf(lines.subList(2, last - 1)));
        } catch (NumberFormatException e) {
            throw new IOException("not a whole document: " + e.getMessage(), e);
        }
    }

    /** SplitMix64's finaliser: spreads neighbouring inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
