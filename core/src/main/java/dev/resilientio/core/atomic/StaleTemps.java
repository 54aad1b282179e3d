package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.lock.LiveWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and removes the temps that crashed writers left beside their targets ({@link TempFiles}
 * names them).
 *
 * <p>One scan of a directory judges the leftovers of every target in it, grouped by the target
 * name read back from each temp's name. A directory is scanned at a write's first write of a
 * target since the last scan, or again after {@value #SCAN_INTERVAL_SECONDS}s, but in a directory
 * of more than {@value #SMALL_DIRECTORY} entries only once at least one write per
 * {@value #ENTRIES_PER_WRITE} entries seen by the last scan has been made into it since: the scan
 * then costs each write a bounded number of entries read, however large the directory.
 *
 * <p>Whether a temp is a leftover is decided by a lock its writer holds, never by a time or a
 * process id: every atomic write holds the LIVE byte of its target's lock file shared while its
 * temp exists ({@link LiveWrite}), and the OS drops that lock when the writer dies. A target's temps
 * are removed only by whoever takes LIVE exclusively, which no live write of it allows.
 */
final class StaleTemps {

    private static final LazyLogger LOG = new LazyLogger(StaleTemps.class);
    private static final String STAGED_BACKUP = TempFiles.STAGED_BACKUP;
    /**
     * A leftover's name: {@code .<target name>.<token>.tmp}, the token of a staged backup starting
     * with {@code backup.}. The name is lazy so that {@code .x.backup.<id>.tmp} reads as a staged
     * backup of {@code x}; it may as well be a temp of {@code x.backup}, and is judged as both.
     */
    private static final Pattern LEFTOVER = Pattern.compile(
            "\\.(.+?)\\.((?:backup\\.)?[0-9a-f]{8}-\\d{1,19}-[0-9a-f]{16})\\.tmp");
    /**
     * A target name read back from a temp's name is exact only when shorter than any name
     * {@link TempFiles#prefix} cuts: a cut stops at a character boundary, up to 3 bytes short.
     */
    private static final int EXACT_NAME_BYTES = TempFiles.MAX_NAME_BYTES_IN_TEMP - 3;
    static final int SCAN_INTERVAL_SECONDS = 10;
    private static final long SCAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(SCAN_INTERVAL_SECONDS);
    /** A directory this small is scanned at each first write of a target, as cheap as a stat or two. */
    static final int SMALL_DIRECTORY = 256;
    /** A scan of a larger directory waits for one write into it per this many entries seen. */
    static final int ENTRIES_PER_WRITE = 16;
    /** Bounds the memory of a service that writes into many directories, or many names in one. */
    private static final int MAX_REMEMBERED = 10_000;

    private static final Map<Path, Directory> DIRECTORIES = new ConcurrentHashMap<>();
    private static final LongAdder ENTRIES_READ = new LongAdder();

    private StaleTemps() {
    }

    /**
     * Removes the temps that crashed writers left beside a target and, in the same scan, beside the
     * other targets of its directory, when a scan of that directory is due. Never fails: anything
     * thrown while cleaning is logged at debug level and the caller's write goes on.
     *
     * @param target the resolved target
     */
    public static void clean(Path target) {
        try {
            Path directory = target.getParent();
            Directory state = directory(directory);
            if (state.scanDue(target.getFileName().toString(), System.nanoTime())) {
                int seen = -1;
                try {
                    seen = scan(directory, target);
                } finally {
                    state.scanned(seen);
                }
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // Whatever fails here (a full descriptor table, a logging backend's Error) must not fail
            // the write the caller asked for: the leftovers wait for the next scan. Only the JVM's
            // own failures (out of memory, stack overflow) are let through.
            debug("Could not clean stale temp files beside {}: {}", target, e);
        }
    }

    /**
     * Tells how many directory entries scans have read in this JVM, for tests that bound the cost.
     *
     * @return the count since the JVM started
     */
    static long entriesRead() {
        return ENTRIES_READ.sum();
    }

    private static Directory directory(Path directory) {
        Directory state = DIRECTORIES.get(directory);
        if (state == null) {
            if (DIRECTORIES.size() >= MAX_REMEMBERED) {
                DIRECTORIES.clear();
            }
            state = DIRECTORIES.computeIfAbsent(directory, key -> new Directory());
        }
        return state;
    }

    /** Scans a directory once, removes the stale leftovers it may judge, and returns the entries it read. */
    private static int scan(Path directory, Path writing) throws IOException {
        String ownPrefix = TempFiles.prefix(writing);
        Map<List<String>, List<Leftover>> byTargets = new LinkedHashMap<>();
        int entries = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                entries++;
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") || !name.endsWith(".tmp")) {
                    continue;
                }
                Matcher leftover = LEFTOVER.matcher(name);
                if (!leftover.matches()) {
                    continue;
                }
                List<String> targets = possibleTargets(leftover.group(1), leftover.group(2), ownPrefix, writing);
                if (!targets.isEmpty()) {
                    byTargets.computeIfAbsent(targets, key -> new ArrayList<>()).add(new Leftover(entry));
                }
            }
        } finally {
            ENTRIES_READ.add(entries);
        }
        for (Map.Entry<List<String>, List<Leftover>> group : byTargets.entrySet()) {
            removeStale(directory, group.getKey(), writing, group.getValue());
        }
        return entries;
    }

    /**
     * The targets a leftover may belong to, by the name read back from its name: that name, and for
     * {@code .x.backup.<id>.tmp} (a staged backup of x, or a temp of x.backup) both. A name that may
     * have been cut to fit belongs to too many names to tell; only a writer whose own temps start
     * with it judges it, as its own target's. Empty: not to be judged here.
     */
    private static List<String> possibleTargets(String name, String token, String ownPrefix, Path writing) {
        if (name.getBytes(StandardCharsets.UTF_8).length < EXACT_NAME_BYTES) {
            return token.startsWith(STAGED_BACKUP) ? List.of(name, name + ".backup") : List.of(name);
        }
        boolean own = ownPrefix.length() == name.length() + 2 && ownPrefix.regionMatches(1, name, 0, name.length());
        return own ? List.of(writing.getFileName().toString()) : List.of();
    }

    /**
     * Removes a group of leftovers while holding LIVE exclusively on the lock file of every target
     * they may belong to: no write of those targets is then live in any process, so none of them is
     * in use. Only the writing target's lock file may be created here (its write creates it next
     * anyway): a target without one has no write of this library, live or crashed, and leftovers
     * whose targets all lack one (an older version's, or not ours) are left.
     */
    private static void removeStale(Path directory, List<String> targets, Path writing, List<Leftover> leftovers) {
        List<Path> listed = new ArrayList<>(targets.size());
        for (String name : targets) {
            Path target = directory.resolve(name);
            // Every write makes the lock file before its temp: without one, no write of this target was listed.
            if (target.equals(writing) || Files.exists(TargetPaths.withSuffix(target, ".lock"), LinkOption.NOFOLLOW_LINKS)) {
                listed.add(target);
            }
        }
        try {
            LiveWrite.ifNoneLive(listed, () -> {
                for (Leftover leftover : leftovers) {
                    remove(directory, leftover);
                }
            });
        } catch (IOException e) {
            debug("Could not tell whether the temp files beside {} are in use: {}", directory.resolve(targets.get(0)), e);
        }
    }

    /** Deletes one leftover; one that may not be deleted (another user's, in a sticky directory) is left. */
    private static void remove(Path directory, Leftover leftover) {
        try {
            if (Files.deleteIfExists(leftover.path)) {
                info("Removed {}, a temp file left in {} by a write that is no longer running", leftover.path, directory);
            }
        } catch (IOException e) {
            debug("Could not remove the leftover temp file {}: {}", leftover.path, e);
        }
    }

    private static void info(String format, Object first, Object second) {
        try {
            LOG.info(format, first, second);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable loggingFailed) {
            // A logging backend that fails must not fail the write; the removal happened anyway.
        }
    }

    private static void debug(String format, Object first, Throwable second) {
        try {
            LOG.debug(format, first, String.valueOf(second));
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable loggingFailed) {
            // As in info: nothing a cleanup's log line does may reach the caller.
        }
    }

    /** A temp found by a scan. */
    private static final class Leftover {
        final Path path;

        Leftover(Path path) {
            this.path = path;
        }
    }

    /** When a directory was last scanned and how many writes into it have been made since. */
    private static final class Directory {
        private boolean scanning;
        private boolean everScanned;
        private long lastScan;
        private int entriesSeen;
        private long writesSince;
        /** Targets written since the last scan: a first write of any other target may scan again. */
        private final Set<String> written = new HashSet<>();

        synchronized boolean scanDue(String target, long now) {
            writesSince++;
            if (written.size() >= MAX_REMEMBERED) {
                written.clear();
            }
            boolean firstWriteOfTarget = written.add(target);
            if (scanning) {
                return false;
            }
            if (everScanned) {
                boolean paidFor = entriesSeen <= SMALL_DIRECTORY || writesSince * ENTRIES_PER_WRITE >= entriesSeen;
                if (!paidFor || !firstWriteOfTarget && now - lastScan < SCAN_INTERVAL_NANOS) {
                    return false;
                }
            }
            scanning = true;
            everScanned = true;
            lastScan = now;
            writesSince = 0;
            written.clear();
            written.add(target);
            return true;
        }

        /** Records the end of a scan; {@code entries} is negative when it failed and the last count stands. */
        synchronized void scanned(int entries) {
            scanning = false;
            if (entries >= 0) {
                entriesSeen = entries;
            }
        }
    }
}
