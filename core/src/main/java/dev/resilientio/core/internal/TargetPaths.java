package dev.resilientio.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Turns the path a caller gave into the file that is really read, written and locked. */
public final class TargetPaths {

    /** The longest file name most file systems take, in bytes. */
    private static final int MAX_NAME_BYTES = 255;

    /** Linux gives up following a chain of links at 40; so do we. */
    private static final int MAX_LINKS = 40;

    /** The sticky bit of a directory's mode: only an entry's owner (or the directory's) may remove or rename it. */

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** {@code FileSystemProvider.readAttributesIfExists}, on Java 20 and later; {@code null} before. */
    private static final MethodHandle READ_IF_EXISTS = readAttributesIfExists();

    private TargetPaths() {
    }

    /**
     * Resolves a target: absolute, normalised, its directory's symlinks resolved, and, when the
     * file itself is a symlink (even a dangling one), the file the link chain ends at, so that an
     * atomic replace keeps the link and replaces what it points to.
     *
     * <p>A link is followed only where the kernel's {@code protected_symlinks} rule would follow it,
     * whatever the machine's setting: in a sticky world-writable directory (such as {@code /tmp}),
     * only a link owned by the directory's owner or by this process's user. Following links in user
     * space bypasses the kernel's check, so this one stands in for it; another user's link there
     * could otherwise make this process read or replace any file it may write. The rule applies to
     * every link met on the way, each in the directory that holds it: the target's chain, a directory
     * link, and whatever links that one leads to. A file that exists
     * must be a regular file: a device, FIFO, socket or directory is refused before any lock is taken.
     *
     * @param target the path the caller gave
     * @return the real target
     * @throws RefusedFileException (an {@code AccessDeniedException}) when a link on the way may not be followed, or the target is not a
     *     regular file
     * @throws IOException when a link cannot be read or the chain loops
     */
    public static Path resolve(Path target) throws IOException {
        return resolve(target, true);
    }

    /**
     * Resolves a target as {@link #resolve(Path)} does, with or without the real paths of the
     * directories resolved before ({@link RealDirectories}): one {@code stat} of the directory path
     * instead of a {@code readlink} per name on it, and none of the target's own name while its
     * directory has not changed since the target was seen missing or a regular file there. A lock
     * key shared across hosts is resolved without them, since a directory above the target's
     * renamed, with a link left at its old name, would keep a real path out of date there.
     *
     * @param target the path the caller gave
     * @param knownDirectories whether the real path of a directory resolved before may be reused
     * @return the real target
     * @throws IOException as {@link #resolve(Path)} throws
     */
    public static Path resolve(Path target, boolean knownDirectories) throws IOException {
        Path given = target.toAbsolutePath().normalize();
        Path name = given.getFileName();
        RealDirectories.Look directory = given.getParent() == null ? null
                : realDirectory(given.getParent(), target, knownDirectories);
        Path current = directory == null ? given : directory.realPath().resolve(name);
        if (directory != null && RealDirectories.isPlain(directory, name)) {
            return current;
        }
        for (int hops = 0; ; hops++) {
            BasicFileAttributes attributes;
            boolean seen = true;
            try {
                attributes = readIfExists(current, NO_FOLLOW);
            } catch (IOException | RuntimeException unreadable) {
                attributes = null;
                seen = false;
            }
            if (attributes == null || !attributes.isSymbolicLink()) {
                if (attributes != null && !attributes.isRegularFile()) {
                    throw notRegularFile(current, attributes, target);
                }
                if (hops == 0 && seen && directory != null) {
                    RealDirectories.notePlain(directory, name);
                }
                // A regular file, a new target, or one whose directory the caller's own operation reports on.
                return current;
            }
            if (hops == MAX_LINKS) {
                throw new FileSystemLoopException(target.toString());
            }
            checkMayFollow(current, target);
            Path link = Files.readSymbolicLink(current);
            // Not normalised: a .. in the link's text is taken after the links before it, as the kernel does.
            current = canonicalParent(current.resolveSibling(link), target, knownDirectories);
        }
    }

    /**
     * Builds the error for an existing target that is not a regular file.
     *
     * @param file the resolved file
     * @param attributes its attributes, read without following links
     * @param target the path the caller gave
     * @return the exception to throw: permanent, not retried
     */
    public static RefusedFileException notRegularFile(Path file, BasicFileAttributes attributes, Path target) {
        String kind = attributes.isDirectory() ? "a directory" : attributes.isSymbolicLink() ? "a symbolic link"
                : "a device, FIFO or socket";
        return new RefusedFileException(file.toString(), null, file + (file.equals(target) ? "" : " (reached from " + target + ")")
                + " is " + kind + ", not a regular file: resilient-io reads, locks and atomically replaces only regular"
                + " files (replacing a device or FIFO would put a plain file in its place, and reading a FIFO can block"
                + " forever); give the path of a regular file");
    }

    /**
     * Returns a file in its real directory. {@code toRealPath} follows directory links in user space
     * without the link rule, so when it finds one (the real path differs from the path given), or
     * cannot resolve the directory, the directories are walked again here with the rule applied to
     * every link met; the usual case, no link on the way, costs nothing more. A directory resolved
     * before costs one {@code stat} while it is unchanged ({@link RealDirectories}).
     */
    private static Path canonicalParent(Path file, Path target, boolean knownDirectories) throws IOException {
        Path parent = file.getParent();
        return parent == null ? file
                : realDirectory(parent, target, knownDirectories).realPath().resolve(file.getFileName());
    }

    private static RealDirectories.Look realDirectory(Path parent, Path target, boolean knownDirectories)
            throws IOException {
        // Looked at before any resolution: a change in between makes the next look differ.
        RealDirectories.Look look = RealDirectories.look(parent, knownDirectories);
        return look.realPath() != null ? look
                : RealDirectories.remember(parent, look, resolveDirectory(parent, target));
    }

    private static Path resolveDirectory(Path parent, Path target) throws IOException {
        Path real;
        try {
            real = parent.toRealPath();
        } catch (IOException missingDirectory) {
            // Walked all the same, so that a link on the way to a missing directory is checked too; the
            // caller's own operation on the file reports what is wrong with the directory.
            real = null;
        }
        if (real == null || !real.equals(parent)) {
            Path walked = walkDirectories(parent, target);
            // Where the directory exists the walk only checks the links: the real path keeps the
            // platform's own spelling (macOS's case, Windows' long names and junctions), so that one
            // file never gets two lock-registry entries, and two channels, under two spellings.
            real = real == null ? walked : real;
        }
        return real;
    }

    /**
     * Resolves an absolute directory path as the kernel would, one name at a time, applying the link
     * rule to every link met on the way, in the directory that holds it: a link's own names are
     * walked in place of it (an absolute link starts again at the root), and a {@code ..} after a
     * followed link is taken against the real directory reached, not lexically. The names after a
     * missing one, or one that is not a directory, are kept as given for the caller's own operation
     * to report.
     *
     * @param directory an absolute path, normalised or, from a link's text, not
     * @param target the path the caller gave, for messages
     * @return the directory's real path, or as far as it exists followed by the rest of its names
     * @throws FileSystemLoopException after more than 40 links
     */
    private static Path walkDirectories(Path directory, Path target) throws IOException {
        Deque<Path> remaining = new ArrayDeque<>();
        directory.forEach(remaining::addLast);
        Path walked = directory.getRoot();
        int hops = 0;
        while (!remaining.isEmpty()) {
            Path name = remaining.removeFirst();
            String text = name.toString();
            if (text.equals(".")) {
                continue;
            }
            if (text.equals("..")) {
                // walked is a real path: its parent is where the kernel's .. leads (the root's is itself).
                Path up = walked.getParent();
                walked = up == null ? walked : up;
                continue;
            }
            Path next = walked.resolve(name);
            BasicFileAttributes attributes = attributesIfExists(next, NO_FOLLOW);
            if (attributes == null || !(attributes.isDirectory() || attributes.isSymbolicLink())) {
                remaining.addFirst(name);
                for (Path rest : remaining) {
                    walked = walked.resolve(rest);
                }
                return walked;
            }
            if (attributes.isSymbolicLink()) {
                if (++hops > MAX_LINKS) {
                    throw new FileSystemLoopException(target.toString());
                }
                checkMayFollow(next, target);
                Path link = Files.readSymbolicLink(next);
                List<Path> names = new ArrayList<>();
                link.forEach(names::add);
                for (int i = names.size() - 1; i >= 0; i--) {
                    remaining.addFirst(names.get(i));
                }
                if (link.getRoot() != null) {
                    walked = link.getRoot();
                }
                continue;
            }
            walked = next;
        }
        return walked;
    }

    /**
     * Tells whether a directory is sticky and world-writable, like {@code /tmp}: where any user may
     * create names but only their owners may remove them.
     *
     * @param directory the directory
     * @return {@code false} also where the file system has no {@code unix} view
     * @throws IOException when the directory cannot be read
     */
    public static boolean isStickyWorldWritable(Path directory) throws IOException {
        if (directory == null || !directory.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return false;
        }
        return OwnerGroupMode.stickyAndWorldWritable((Integer) Files.getAttribute(directory, "unix:mode"));
    }

    /**
     * Refuses to follow a link that the kernel's {@code protected_symlinks} rule would not: one in a
     * sticky, world-writable directory, owned neither by the directory's owner nor by this process's user.
     *
     * @param link the link, in its real directory (one without links on its path)
     * @param target the path being resolved, named in the error when it is not the link itself
     */
    private static void checkMayFollow(Path link, Path target) throws IOException {
        Path directory = link.getParent();
        if (directory == null || !link.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Map<String, Object> directoryAttributes = Files.readAttributes(directory, "unix:mode,uid");
        int mode = (Integer) directoryAttributes.get("mode");
        if (!OwnerGroupMode.stickyAndWorldWritable(mode)) {
            return;
        }
        int directoryOwner = (Integer) directoryAttributes.get("uid");
        int linkOwner = (Integer) Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (linkOwner == directoryOwner || linkOwner == ThisProcess.uid()) {
            return;
        }
        throw new RefusedFileException(link.toString(), null, "refused to follow the symbolic link " + link
                + (link.equals(target) ? "" : " (on the way to " + target + ")") + ", owned by uid " + linkOwner
                + ", in the sticky world-writable directory " + directory + ", owned by uid " + directoryOwner
                + ": there another user's link could make this process read or replace a file that user may not"
                + " (the kernel's protected_symlinks rule, applied whatever the machine's setting). Use a path without"
                + " that link, have the directory's owner or this process's user (uid " + ThisProcess.uid()
                + ") create it, or keep the file in a directory other users cannot write");
    }

    /**
     * The attributes of a file, following a link or not as the options say, or {@code null} when it
     * does not exist or cannot be read (the caller's own operation then reports why).
     *
     * <p>On Java 17 a missing file costs a {@code NoSuchFileException} with its stack trace (most of
     * an uncontended lock's time when only the lock file exists), so on Java 20+ the provider's
     * exception-free {@code readAttributesIfExists} is used instead, found once by reflection as this
     * code is built for Java 17.
     */
    static BasicFileAttributes attributesIfExists(Path file, LinkOption... options) {
        try {
            return readIfExists(file, options);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The attributes of a file, or {@code null} only when it does not exist ({@code ENOENT}).
     *
     * @throws IOException when it exists but cannot be read
     */
    private static BasicFileAttributes readIfExists(Path file, LinkOption... options) throws IOException {
        if (READ_IF_EXISTS == null) {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class, options);
            } catch (NoSuchFileException missing) {
                return null;
            }
        }
        try {
            return (BasicFileAttributes) READ_IF_EXISTS.invokeExact(
                    file.getFileSystem().provider(), file, BasicFileAttributes.class, options);
        } catch (IOException | RuntimeException | Error passOn) {
            throw passOn;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static MethodHandle readAttributesIfExists() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(FileSystemProvider.class, "readAttributesIfExists", MethodType.methodType(
                            BasicFileAttributes.class, Path.class, Class.class, LinkOption[].class));
        } catch (ReflectiveOperationException beforeJava20) {
            return null;
        }
    }

    /**
     * Returns a sibling of a file whose name is the file's name plus a suffix. When that would pass
     * the 255-byte limit of most file systems, the name is cut and a 16-digit SHA-256 prefix of the whole name
     * keeps it unique; every process derives the same sibling.
     *
     * @param file the file
     * @param suffix the suffix, such as {@code .lock}
     * @return the sibling
     */
    public static Path withSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        if ((name + suffix).getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return file.resolveSibling(name + suffix);
        }
        String hash = "." + shortHash(name);
        int budget = MAX_NAME_BYTES - (hash + suffix).getBytes(StandardCharsets.UTF_8).length;
        return file.resolveSibling(cutToBytes(name, budget) + hash + suffix);
    }

    /**
     * Returns the first 16 hex digits of a name's SHA-256: what keeps a name cut to fit unique, the
     * same in every process.
     *
     * @param name the whole name
     * @return 16 hex digits
     */
    public static String shortHash(String name) {
        return sha256Hex(name).substring(0, 16);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Cuts a name to at most {@code maxBytes} bytes of UTF-8, never inside a character.
     *
     * @param name the name
     * @param maxBytes the byte budget
     * @return the longest prefix that fits
     */
    public static String cutToBytes(String name, int maxBytes) {
        int end = 0;
        int bytes = 0;
        while (end < name.length()) {
            int next = name.offsetByCodePoints(end, 1);
            bytes += name.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                break;
            }
            end = next;
        }
        return name.substring(0, end);
    }
}
