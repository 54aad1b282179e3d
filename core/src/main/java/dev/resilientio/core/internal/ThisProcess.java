package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's user id and open-file limit, read from {@code /proc/self} once: the management
 * beans would give the limit too, but loading them costs every application start-up time.
 */
public final class ThisProcess {

    /** The user id where it cannot be told: no {@code /proc} and no {@code com.sun.security.auth.module.UnixSystem}. */
    public static final int UNKNOWN_UID = -1;

    /** The limit assumed where {@code /proc/self/limits} cannot be read (macOS's default soft limit). */
    static final long UNKNOWN_FILE_LIMIT = 256;

    private static volatile int uid = Integer.MIN_VALUE;
    private static volatile long openFileLimit;

    private ThisProcess() {
    }

    /**
     * Returns the id of the user this process acts as: the owner of {@code /proc/self} (its
     * effective user on Linux).
     *
     * @return the uid, or {@link #UNKNOWN_UID}
     */
    public static int uid() {
        int known = uid;
        if (known == Integer.MIN_VALUE) {
            known = readUid();
            uid = known;
        }
        return known;
    }

    private static int readUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException noProc) {
            // macOS has no /proc; the JDK's UnixSystem (module jdk.security.auth) calls getuid, but a
            // trimmed runtime may lack it, so it is reached reflectively.
            try {
                Class<?> unixSystem = Class.forName("com.sun.security.auth.module.UnixSystem");
                return ((Long) unixSystem.getMethod("getUid").invoke(unixSystem.getConstructor().newInstance())).intValue();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError notUnix) {
                return UNKNOWN_UID;
            }
        }
    }

    /**
     * Returns the soft limit on open files ({@code ulimit -n}).
     *
     * @return the limit, {@link Long#MAX_VALUE} for unlimited, or {@link #UNKNOWN_FILE_LIMIT}
     */
    public static long openFileLimit() {
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
