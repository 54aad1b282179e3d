package dev.resilientio.core.internal;

import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
 * name is created or removed in the directory, after which the directory is resolved again once.
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
     * A path to a directory as last resolved: which directory, its modification time then, and
     * whether the path's last name was itself a link (then followed to compare).
     */
    private record Known(Directory directory, FileTime modified, boolean lastIsLink) {
    }

    /**
     * What one look at a directory path showed: the cached real path when it still leads to the
     * directory it led to, else what a resolution hands back to {@link #remember}, so that a change
     * between the look and the resolution makes the next look differ instead of being cached.
     *
     * @param realPath the cached real path, or {@code null} when the directory must be resolved
     * @param attributes the directory's attributes, or {@code null} when there is none to cache
     * @param lastIsLink whether the path's last name is a link
     */
    record Look(Path realPath, BasicFileAttributes attributes, boolean lastIsLink) {
    }

    /**
     * Looks at a directory path: one {@code stat} when it was resolved before and still leads to
     * the same directory, not following its last name unless that was a link.
     *
     * @param directory an absolute, normalised directory path
     * @param useCache whether a cached real path may be returned
     * @return the cached real path, or what was seen for {@link #remember}
     */
    static Look look(Path directory, boolean useCache) {
        Known known = useCache ? BY_PATH.get(directory) : null;
        BasicFileAttributes now = null;
        if (known != null) {
            now = TargetPaths.attributesIfExists(directory, known.lastIsLink ? FOLLOW : NO_FOLLOW);
            if (now != null && now.isDirectory() && known.directory.key.equals(now.fileKey())
                    && known.modified.equals(now.lastModifiedTime())) {
                return new Look(known.directory.realPath, now, known.lastIsLink);
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
            return new Look(null, now, false);
        }
        if (!now.isSymbolicLink()) {
            return new Look(null, null, false);
        }
        return new Look(null, TargetPaths.attributesIfExists(directory, FOLLOW), true);
    }

    /**
     * Records the real path a full resolution found for a directory path, and for every other path
     * to the same directory.
     *
     * @param directory the directory path as given
     * @param look what {@link #look} showed before the resolution
     * @param realPath the real path found
     */
    static void remember(Path directory, Look look, Path realPath) {
        BasicFileAttributes seen = look.attributes();
        if (seen == null || !seen.isDirectory() || seen.fileKey() == null) {
            return;
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
        BY_PATH.put(directory, new Known(shared, seen.lastModifiedTime(), look.lastIsLink()));
    }

    /** Forgets every directory, so that the next resolution of each walks it again. */
    static void clear() {
        BY_PATH.clear();
        BY_KEY.clear();
    }
}
