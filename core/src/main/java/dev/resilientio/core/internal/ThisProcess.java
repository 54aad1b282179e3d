package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's user id and open-file limit, read from {@code /proc/self} once: the management
 * beans would give the limit too, but loading them costs start-up time that the benchmarks count.
 */
final class ThisProcess {

    /** The limit assumed where {@code /proc/self/limits} cannot be read (macOS's default soft limit). */
    static final long UNKNOWN_FILE_LIMIT = 256;

    private static volatile int uid = Integer.MIN_VALUE;
    private static volatile long openFileLimit;

    private ThisProcess() {
    }

    /**
     * Returns the effective user id.
     *
     * @return the uid, or {@code -1} when it cannot be told (no {@code /proc})
     */
    static int uid() {
        int known = uid;
        if (known == Integer.MIN_VALUE) {
            try {
                known = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException noProc) {
                known = -1;
            }
            uid = known;
        }
        return known;
    }

    /**
     * Returns the soft limit on open files ({@code ulimit -n}).
     *
     * @return the limit, {@link Long#MAX_VALUE} for unlimited, or {@link #UNKNOWN_FILE_LIMIT}
     */
    static long openFileLimit() {
        long known = openFileLimit;
        if (known == 0) {
            known = readOpenFileLimit();
            openFileLimit = known;
        }
        return known;
    }

    private static long readOpenFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException noProc) {
            // Not Linux, or /proc not mounted.
        }
        return UNKNOWN_FILE_LIMIT;
    }
}
