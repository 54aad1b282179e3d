package dev.resilientio.core.internal;

import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real paths of the directories that targets were resolved in, each trusted again after one
 * {@code stat} shows that the path given still leads to the same directory: same device and inode,
 * same modification time. Thread-safe.
 *
 * <p>A directory cannot be hard-linked, so while a directory exists no other path leads to its
 * inode except through links. What one {@code stat} catches: a directory on the way swapped for
 * another one or for a link to another one (another inode), and the directory itself renamed and a
 * link put at its old name (the last name of a path whose last name was a directory is looked at
 * without following links). The modification time tells a directory that took the inode number of a
 * deleted one (a new directory's time is its creation) from the one cached; it changes too when a
 * name is created or removed in the directory (an atomic write's own rename does so each time). The
 * same inode with a new modification time is the same directory only if its birth time is the same
 * too (a directory that took a deleted one's inode number was born later; no call sets a birth time);
 * where the file system reports none, it is resolved again. The same directory costs one more
 * {@code stat}, of the cached real path (none when the path given is that real path): a directory has
 * one name, so when that path still leads to it the real path is unchanged; otherwise the directory is
 * resolved again. A full resolution is cached only when its real path leads to the directory looked at
 * before it, so that a directory swapped in between is not remembered under another one's identity.
 *
 * <p>While a directory's time stays the same, no name in it is created, removed or renamed, so a
 * target name seen missing or a regular file there is still so: the target's own {@code lstat} is
 * skipped ({@link #isPlain}). Only a time that was already more than {@value #SETTLED_MILLIS} ms old
 * when the directory was looked at counts, since the kernel's clock ticks coarsely and two changes
 * in one tick leave one time (the "racy" entries of git's index). A directory's time can be set back
 * by its owner only, who can change what any name in it leads to at any moment anyway. Only a name seen
 * missing ({@code ENOENT}) or a regular file is remembered, never one that could not be read.
 *
 * <p>What it does not catch: a directory above the last one renamed and a link to its new name put
 * at its old name, so that the path leads to the very same directory by a new way. The directory
 * reached is the one resolved before under the link rule, so no link leads anywhere new; only its
 * real path is out of date. Every full resolution records the real path it found for the
 * directory's inode, which every cached path of that directory then returns: two spellings of one
 * file keep one lock within this JVM. Lock keys across hosts do not use this cache
 * ({@link TargetPaths#resolve(Path, boolean)}).
 */
final class RealDirectories {

    /** Paths remembered before the cache is emptied: an application working in more directories resolves them again. */
    static final int MAX_PATHS = 1024;

    /**
     * How old a directory's modification time must be for the names seen in it to be trusted: more
     * than a clock tick of any file system's (2 s on FAT).
     */
    static final long SETTLED_MILLIS = 2_000;

    /** Target names remembered per directory path: a directory of more names has its targets looked at each time. */
    static final int MAX_NAMES = 64;

    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** By the directory path as given (absolute, normalised). */
    private static final ConcurrentHashMap<Path, Known> BY_PATH = new ConcurrentHashMap<>();
    /** By the directory's identity ({@code fileKey}): its real path as last resolved, shared by every path to it. */
    private static final ConcurrentHashMap<Object, Directory> BY_KEY = new ConcurrentHashMap<>();

    private RealDirectories() {
    }

    /** A directory's identity and its real path as last resolved. */
    private static final class Directory {
        final Object key;
        volatile Path realPath;

        Directory(Object key, Path realPath) {
            this.key = key;
            this.realPath = realPath;
        }
    }

    /**
     * A path to a directory as last resolved: which directory, its modification time then, whether
     * the path's last name was itself a link (then followed to compare), and the target names seen
     * missing or a regular file in it while it kept that time, if that time was settled.
     */
    private static final class Known {
        final Directory directory;
        final FileTime modified;
        final FileTime born;
        final boolean lastIsLink;
        final Set<Path> plainNames = ConcurrentHashMap.newKeySet();

        Known(Directory directory, BasicFileAttributes seen, boolean lastIsLink) {
            this.directory = directory;
            this.modified = seen.lastModifiedTime();
            this.born = seen.creationTime();
            this.lastIsLink = lastIsLink;
        }

        /**
         * The same directory: the same inode, born at the same time. A file system without birth
         * times gives none (zero) or its modification time, and so never passes.
         */
        boolean sameDirectory(BasicFileAttributes now) {
            FileTime bornNow = now.creationTime();
            return directory.key.equals(now.fileKey()) && born.equals(bornNow) && bornNow.toMillis() != 0
                    && !bornNow.equals(now.lastModifiedTime());
        }
    }

    /**
     * What one look at a directory path showed: the cached real path when it still leads to the
     * directory it led to, else what a resolution hands back to {@link #remember}, so that a change
     * between the look and the resolution makes the next look differ instead of being cached.
     *
     * @param realPath the cached real path, or {@code null} when the directory must be resolved
     * @param attributes the directory's attributes, or {@code null} when there is none to cache
     * @param lastIsLink whether the path's last name is a link
     * @param known the cache entry the real path came from, or {@code null}
     * @param settled whether the directory's time was more than {@link #SETTLED_MILLIS} old before the look
     */
    record Look(Path realPath, BasicFileAttributes attributes, boolean lastIsLink, Known known, boolean settled) {
    }

    /**
     * Looks at a directory path: one {@code stat} when it was resolved before and still leads to
     * the same directory, not following its last name unless that was a link; two when the
     * directory was modified since.
     *
     * @param directory an absolute, normalised directory path
     * @param useCache whether a cached real path may be returned
     * @return the cached real path, or what was seen for {@link #remember}
     */
    static Look look(Path directory, boolean useCache) {
        Known known = useCache ? BY_PATH.get(directory) : null;
        long before = System.currentTimeMillis();
        BasicFileAttributes now = null;
        if (known != null) {
            now = TargetPaths.attributesIfExists(directory, known.lastIsLink ? FOLLOW : NO_FOLLOW);
            if (now != null && now.isDirectory() && known.directory.key.equals(now.fileKey())
                    && known.born.equals(now.creationTime())) {
                boolean settled = settled(now, before);
                if (known.modified.equals(now.lastModifiedTime())) {
                    return new Look(known.directory.realPath, now, known.lastIsLink, known, settled);
                }
                Path realPath = known.directory.realPath;
                // A path given as it is real was just looked at without following its last name: no second look.
                BasicFileAttributes atRealPath = !known.sameDirectory(now) ? null
                        : realPath.equals(directory) && !known.lastIsLink ? now
                        : TargetPaths.attributesIfExists(realPath, NO_FOLLOW);
                if (atRealPath != null && atRealPath.isDirectory() && known.sameDirectory(atRealPath)) {
                    Known modified = new Known(known.directory, now, known.lastIsLink);
                    BY_PATH.replace(directory, known, modified);
                    return new Look(realPath, now, known.lastIsLink, modified, settled);
                }
            }
            BY_PATH.remove(directory, known);
            if (known.lastIsLink) {
                now = null; // followed: whether the last name is still a link is not known
            }
        }
        if (now == null) {
            now = TargetPaths.attributesIfExists(directory, NO_FOLLOW);
        }
        if (now == null || now.isDirectory()) {
            return new Look(null, now, false, null, now != null && settled(now, before));
        }
        if (!now.isSymbolicLink()) {
            return new Look(null, null, false, null, false);
        }
        BasicFileAttributes followed = TargetPaths.attributesIfExists(directory, FOLLOW);
        return new Look(null, followed, true, null, followed != null && settled(followed, before));
    }

    private static boolean settled(BasicFileAttributes directory, long before) {
        return directory.lastModifiedTime().toMillis() < before - SETTLED_MILLIS;
    }

    /**
     * Tells whether a target name was seen missing or a regular file in a directory that has not
     * changed since, so that its {@code lstat} can be skipped.
     *
     * @param look the look at the target's directory, with its real path
     * @param name the target's name
     * @return {@code true} when the name need not be looked at again
     */
    static boolean isPlain(Look look, Path name) {
        return look.known() != null && look.settled() && look.known().plainNames.contains(name);
    }

    /**
     * Records that a target name was seen missing or a regular file after the look at its directory.
     *
     * @param look the look at the target's directory, taken before the name was looked at
     * @param name the target's name
     */
    static void notePlain(Look look, Path name) {
        Known known = look.known();
        if (known != null && look.settled() && known.plainNames.size() < MAX_NAMES) {
            known.plainNames.add(name);
        }
    }

    /**
     * Records the real path a full resolution found for a directory path, and for every other path
     * to the same directory.
     *
     * @param directory the directory path as given
     * @param look what {@link #look} showed before the resolution
     * @param realPath the real path found
     * @return the look with the real path, and the new cache entry when there is one
     */
    static Look remember(Path directory, Look look, Path realPath) {
        BasicFileAttributes seen = look.attributes();
        if (seen == null || !seen.isDirectory() || seen.fileKey() == null) {
            return new Look(realPath, seen, look.lastIsLink(), null, false);
        }
        BasicFileAttributes atRealPath = TargetPaths.attributesIfExists(realPath, NO_FOLLOW);
        if (atRealPath == null || !seen.fileKey().equals(atRealPath.fileKey())) {
            // Another directory than the one looked at: swapped in between; not remembered.
            return new Look(realPath, seen, look.lastIsLink(), null, false);
        }
        if (BY_PATH.size() >= MAX_PATHS) {
            BY_PATH.clear();
            BY_KEY.clear();
        }
        Directory shared = BY_KEY.compute(seen.fileKey(), (key, known) -> {
            if (known == null) {
                return new Directory(key, realPath);
            }
            known.realPath = realPath;
            return known;
        });
        Known known = new Known(shared, seen, look.lastIsLink());
        BY_PATH.put(directory, known);
        return new Look(realPath, seen, look.lastIsLink(), known, look.settled());
    }

    /** Forgets every directory, so that the next resolution of each walks it again. */
    static void clear() {
        BY_PATH.clear();
        BY_KEY.clear();
    }
}
