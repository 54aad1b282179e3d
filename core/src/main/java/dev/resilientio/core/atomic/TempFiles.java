package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.TargetPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names, creates and cleans up the temp files of atomic writes.
 *
 * <p>A temp is {@code .<name>.<host>-<pid>-<random>.tmp} in the target's directory: the random part
 * makes it unpredictable, and the host and process id let a later writer tell a crashed writer's
 * leftover from a live writer's temp. The host part hashes the host name and the process
 * namespace, so containers that share a name but not their process ids do not judge each other's.
 * {@link StaleTemps} decides which temps crashed writers left behind.
 */
final class TempFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** This process's id, part of every temp name. */
    static final long PID = ProcessHandle.current().pid();
    /** This host's token, part of every temp name. */
    static final String HOST = hostToken();
    /** What a staged backup's token starts with. */
    static final String STAGED_BACKUP = "backup.";
    /** File names longer than 255 bytes fail on most file systems; keep room for the token and suffix. */
    static final int MAX_NAME_BYTES_IN_TEMP = 200;

    private TempFiles() {
    }

    /**
     * Creates a new, empty, owner-only temp file beside a target, failing rather than reusing an
     * existing file.
     *
     * @param target the resolved target
     * @return the temp file
     * @throws IOException when it cannot be created
     */
    public static Path create(Path target) throws IOException {
        try (CreatedFile temp = createOpen(target)) {
            return temp.path();
        }
    }

    /**
     * Creates a new, empty, owner-only temp file beside a target and keeps it open: its content,
     * mode and owner are then changed only through {@link CreatedFile}, which tells it apart from a
     * file another user put in its place.
     *
     * @param target the resolved target
     * @return the temp file, open for writing
     * @throws IOException when it cannot be created
     */
    public static CreatedFile createOpen(Path target) throws IOException {
        return createOpen(target, OwnerGroupMode.OWNER_READ_WRITE);
    }

    /**
     * Creates a new, empty temp file beside a target with the given permission bits as the create's
     * mode, like {@link #createOpen(Path)}.
     *
     * @param target the resolved target
     * @param mode the permission bits, at most 0777
     * @return the temp file, open for writing
     * @throws IOException when it cannot be created
     */
    public static CreatedFile createOpen(Path target, int mode) throws IOException {
        for (int tries = 0; ; tries++) {
            Path temp = reserveName(target);
            try {
                return CreatedFile.create(temp, mode);
            } catch (FileAlreadyExistsException collision) {
                if (tries == 3) {
                    throw collision;
                }
            }
        }
    }

    /**
     * Returns a fresh temp name beside a file without creating it, for a hard link or a copy.
     *
     * @param file the file the temp will become
     * @return a path that does not exist yet, named so that stale-temp cleanup recognises it
     */
    public static Path reserveName(Path file) {
        return freshName(file, "");
    }

    /**
     * Returns a fresh temp name for staging the newest backup of a target, without creating it.
     *
     * @param target the resolved target
     * @return {@code .<name>.backup.<host>-<pid>-<random>.tmp}, which stale-temp cleanup recognises
     */
    public static Path reserveStagedBackupName(Path target) {
        return freshName(target, STAGED_BACKUP);
    }

    private static Path freshName(Path target, String kind) {
        return target.resolveSibling(prefix(target) + kind + HOST + "-" + PID + "-" + randomHex() + ".tmp");
    }

    /**
     * Returns the mode a plain create gives a new file beside the target (0666 less the umask, or
     * what the directory's default ACL says), found by creating and removing a probe there, since
     * Java cannot read the umask.
     *
     * @param target the resolved target
     * @return the permission bits for a target that did not exist before
     * @throws IOException when the probe cannot be created
     */
    public static int newFileMode(Path target) throws IOException {
        Path probe = reserveName(target);
        try {
            Files.createFile(probe);
            return OwnerGroupMode.read(probe, LinkOption.NOFOLLOW_LINKS).mode();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Returns what every temp name of a target starts with: {@code .<name>.}, or, for a name longer
     * than {@value #MAX_NAME_BYTES_IN_TEMP} bytes, {@code .<cut name>.<hash>.}: two long names that
     * share their first bytes must never share a prefix, or a cleanup judging one target's temps by
     * its lock would take the other's live temps for its own.
     *
     * @param target the resolved target
     * @return the prefix
     */
    static String prefix(Path target) {
        String name = target.getFileName().toString();
        // A UTF-16 char takes at most 3 bytes of UTF-8: a short name needs no cutting, which
        // allocates per character on every write.
        if (name.length() * 3 > MAX_NAME_BYTES_IN_TEMP
                && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES_IN_TEMP) {
            String hash = TargetPaths.shortHash(name);
            name = TargetPaths.cutToBytes(name, MAX_NAME_BYTES_IN_TEMP - hash.length() - 1) + "." + hash;
        }
        return "." + name + ".";
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hostToken() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException notLinux) {
            host = System.getenv("COMPUTERNAME") != null ? System.getenv("COMPUTERNAME") : System.getenv("HOSTNAME");
        }
        if (host == null || host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        // Containers that share a host name but not a process namespace must not judge each other's
        // process ids, so the namespace is part of the token.
        String namespace;
        try {
            namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | RuntimeException notLinux) {
            namespace = "";
        }
        return String.format("%08x", (host + "|" + namespace).hashCode());
    }
}
