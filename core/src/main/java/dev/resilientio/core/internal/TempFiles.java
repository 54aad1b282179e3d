package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names, creates and cleans up the temp files of atomic writes.
 *
 * <p>A temp is {@code .<name>.<host>-<pid>-<random>.tmp} in the target's directory: the random part
 * makes it unpredictable, and the host and process id let a later writer tell a crashed writer's
 * leftover from a live writer's temp. The host part hashes the host name and the process
 * namespace, so containers that share a name but not their process ids do not judge each other's.
 * A temp of this host is removed when its process is gone, or its process id now belongs to a
 * process (this JVM included) started after the temp was last written; a temp of another host is
 * removed only once it has not been written for a day.
 */
public final class TempFiles {

    private static final LazyLogger LOG = new LazyLogger(TempFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = hostToken();
    private static final Optional<Instant> JVM_START = ProcessHandle.current().info().startInstant();
    /** A temp's token, after the target's name; a staged backup's carries "backup." before it. */
    private static final Pattern TOKEN = Pattern.compile("(?:backup\\.)?([0-9a-f]{8})-(\\d+)-[0-9a-f]{16}");
    private static final String STAGED_BACKUP = "backup.";
    private static final long FOREIGN_HOST_AGE_MILLIS = TimeUnit.DAYS.toMillis(1);
    /** A directory scan per write would cost more than the write in a large directory. */
    private static final long SCAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** File names longer than 255 bytes fail on most file systems; keep room for the token and suffix. */
    private static final int MAX_NAME_BYTES_IN_TEMP = 200;

    /** Bounds the scan memory of a service that writes many distinct files. */
    private static final int MAX_REMEMBERED_SCANS = 10_000;

    private static final Map<Path, Long> LAST_SCAN = new ConcurrentHashMap<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

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
        for (int tries = 0; ; tries++) {
            Path temp = reserveName(target);
            try {
                return createOwnerOnly(temp);
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
     * Creates a new, empty, owner-only file at exactly this path, failing if it exists.
     *
     * @param file the path
     * @return the file
     * @throws IOException when it exists or cannot be created
     */
    public static Path createOwnerOnly(Path file) throws IOException {
        return Files.createFile(file, OWNER_ONLY);
    }

    /**
     * Removes the temps that crashed writers left beside a target; scans at most every few seconds
     * per target in this JVM. Never fails: a temp it cannot remove is left for the next time.
     *
     * @param target the resolved target
     */
    public static void cleanStale(Path target) {
        long now = System.nanoTime();
        Long last = LAST_SCAN.get(target);
        if (last != null && now - last < SCAN_INTERVAL_NANOS) {
            return;
        }
        if (LAST_SCAN.size() >= MAX_REMEMBERED_SCANS) {
            LAST_SCAN.clear();
        }
        LAST_SCAN.put(target, now);
        Path directory = target.getParent();
        String prefix = prefix(target);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(prefix))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".tmp") && isStale(entry, name.substring(prefix.length(), name.length() - 4))) {
                    if (Files.deleteIfExists(entry)) {
                        LOG.get().info("Removed {}, a temp file left by a writer of {} that is no longer running", entry, target);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.get().debug("Could not scan {} for stale temp files of {}: {}", directory, target, e.toString());
        }
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

    private static boolean isStale(Path temp, String token) throws IOException {
        Matcher matcher = TOKEN.matcher(token);
        if (!matcher.matches()) {
            return false;
        }
        Instant written = token.startsWith(STAGED_BACKUP) ? lastLinked(temp) : Files.getLastModifiedTime(temp).toInstant();
        if (!matcher.group(1).equals(HOST)) {
            return System.currentTimeMillis() - written.toEpochMilli() > FOREIGN_HOST_AGE_MILLIS;
        }
        long pid;
        try {
            pid = Long.parseLong(matcher.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID) {
            // Our own id: a live temp of this JVM, unless it predates this JVM (a restarted container
            // often gets the same id again).
            return startedAfter(JVM_START, written);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        return startedAfter(process.get().info().startInstant(), written);
    }

    /** Whether a process started after the temp was written, so is not its writer; unknown counts as no. */
    private static boolean startedAfter(Optional<Instant> started, Instant written) {
        // Start times are reported to 10ms on Linux; a margin keeps a live writer's temp safe.
        return started.isPresent() && started.get().isAfter(written.plusSeconds(1));
    }

    /**
     * When a staged backup was made: it is a hard link that keeps the target's old modification
     * time, but linking it updated its change time.
     */
    private static Instant lastLinked(Path temp) throws IOException {
        Instant modified = Files.getLastModifiedTime(temp).toInstant();
        try {
            Object changed = Files.getAttribute(temp, "unix:ctime");
            if (changed instanceof FileTime && ((FileTime) changed).toInstant().isAfter(modified)) {
                return ((FileTime) changed).toInstant();
            }
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // Not a Unix file system: the modification time is all there is.
        }
        return modified;
    }

    private static String prefix(Path target) {
        String name = target.getFileName().toString();
        // A UTF-16 char takes at most 3 bytes of UTF-8: a short name needs no cutting, which
        // allocates per character on every write.
        if (name.length() * 3 > MAX_NAME_BYTES_IN_TEMP) {
            name = TargetPaths.cutToBytes(name, MAX_NAME_BYTES_IN_TEMP);
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
