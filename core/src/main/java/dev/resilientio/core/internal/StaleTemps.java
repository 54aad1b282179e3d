package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and removes the temps that crashed writers left beside a target ({@link TempFiles} names
 * them). A temp of this host is removed when its process is gone, or its process id now belongs to
 * a process (this JVM included) started after the temp was last written; a temp of another host is
 * removed only once it has not been written for a day.
 */
public final class StaleTemps {

    private static final LazyLogger LOG = new LazyLogger(StaleTemps.class);
    private static final long PID = TempFiles.PID;
    private static final String HOST = TempFiles.HOST;
    private static final String STAGED_BACKUP = TempFiles.STAGED_BACKUP;
    private static final Optional<Instant> JVM_START = ProcessHandle.current().info().startInstant();
    /** A temp's token, after the target's name; a staged backup's carries "backup." before it. */
    private static final Pattern TOKEN = Pattern.compile("(?:backup\\.)?([0-9a-f]{8})-(\\d+)-[0-9a-f]{16}");
    private static final long FOREIGN_HOST_AGE_MILLIS = TimeUnit.DAYS.toMillis(1);
    /** A directory scan per write would cost more than the write in a large directory. */
    private static final long SCAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Bounds the scan memory of a service that writes many distinct files. */
    private static final int MAX_REMEMBERED_SCANS = 10_000;

    private static final Map<Path, Long> LAST_SCAN = new ConcurrentHashMap<>();

    private StaleTemps() {
    }

    /**
     * Removes the temps that crashed writers left beside a target; scans at most every few seconds
     * per target in this JVM. Never fails: a temp it cannot remove is left for the next time.
     *
     * @param target the resolved target
     */
    public static void clean(Path target) {
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
        String prefix = TempFiles.prefix(target);
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

    static boolean isStale(Path temp, String token) throws IOException {
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
}
