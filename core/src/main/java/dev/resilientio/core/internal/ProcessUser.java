package dev.resilientio.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** The user id this process acts as, read once. */
public final class ProcessUser {

    /** Unknown: no {@code /proc} (macOS) and no {@code com.sun.security.auth.module.UnixSystem}. */
    public static final int UNKNOWN = -1;

    private static final int UID = readUid();

    private ProcessUser() {
    }

    /**
     * Returns the id of the user this process acts as: the owner of {@code /proc/self} (its
     * effective user on Linux), or {@link #UNKNOWN}.
     *
     * @return the uid, or {@link #UNKNOWN}
     */
    public static int uid() {
        return UID;
    }

    private static int readUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (Exception noProc) {
            // macOS has no /proc; the JDK's UnixSystem (module jdk.security.auth) calls getuid, but a
            // trimmed runtime may lack it, so it is reached reflectively.
            try {
                Class<?> unixSystem = Class.forName("com.sun.security.auth.module.UnixSystem");
                return ((Long) unixSystem.getMethod("getUid").invoke(unixSystem.getConstructor().newInstance())).intValue();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError notUnix) {
                return UNKNOWN;
            }
        }
    }
}
