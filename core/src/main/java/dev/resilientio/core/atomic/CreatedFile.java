package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ThisProcess;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A file this process created with an exclusive create (a temp or a staged backup), kept open for
 * writing, and what tells it apart from a file another user put in its place.
 *
 * <p>In a directory another user may write, that user can replace the file by name at any moment:
 * with a symlink to a file of this process's user (root's {@code /etc/shadow}, say), a hard link to
 * one, or another file. So every write goes through the channel opened by the exclusive create, and
 * every change of mode or owner first checks, with one {@code lstat}, that the name still holds
 * the file created (same device and inode, one link), then changes it without following a link
 * (the JDK's {@code open(O_NOFOLLOW)} and {@code fchmod} for the mode, {@code lchown} for owner and
 * group). Java 17 has neither {@code fstat} nor {@code fchmod} on a channel, so binding the change to
 * the descriptor itself would take native code; a {@code SecureDirectoryStream} would pin the
 * directory but still changes attributes by name, and gives owners only as principals, which the JDK
 * looks up in the user database on every write. Not thread-safe.
 */
final class CreatedFile implements Closeable {

    /** What the name holds when checked. */
    public enum Holds {
        /** The file created. */
        CREATED,
        /** A regular file of this process's user, with one link, that replaced it (a body's own new file). */
        REPLACEMENT
    }

    /**
     * The name no longer holds the file this process created, nor an allowed replacement: another
     * user put a link or a file of theirs there. Permanent (an {@link java.nio.file.AccessDeniedException}); the
     * foreign file is left as it is.
     */
    public static final class ForeignFileException extends RefusedFileException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param file the path
         * @param other unused, {@code null}
         * @param reason what was found and what to do
         */
        public ForeignFileException(String file, String other, String reason) {
            super(file, other, reason);
        }
    }

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    // Read too: a failed write's temp kept for a recovery file is copied through this channel, never reopened by name.
    private static final Set<StandardOpenOption> CREATE_NEW_WRITE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    private static final String IDENTITY = "unix:dev,ino,nlink,uid,gid,mode,size";
    private static final int PERMISSION_BITS = 0777;

    private final Path path;
    private FileChannel channel;
    /** The file as first seen after its create; {@code null} where the file system has no {@code unix} view. */
    private final Map<String, Object> created;
    private final OwnerGroupMode attributes;
    /** The permission bits the last check found. */
    private int lastMode;
    /** The size {@link #check(boolean)} found last, or -1 before any. */
    private long lastSize = -1;

    private CreatedFile(Path path, FileChannel channel, Map<String, Object> created, OwnerGroupMode attributes) {
        this.path = path;
        this.channel = channel;
        this.created = created;
        this.attributes = attributes;
    }

    /**
     * Creates a new, empty, owner-only file at exactly this path ({@code O_CREAT|O_EXCL}, mode 0600),
     * failing if anything exists there, and keeps it open for writing.
     *
     * @param path the path
     * @return the file
     * @throws java.nio.file.FileAlreadyExistsException when something exists at the path
     * @throws IOException when it cannot be created, or was replaced at once
     */
    public static CreatedFile create(Path path) throws IOException {
        return create(path, OWNER_ONLY);
    }

    /**
     * Creates a new, empty file at exactly this path like {@link #create(Path)}, with the given
     * permission bits as the create's mode (the process's umask may clear some; {@link #attributes()}
     * tells the mode it got) instead of 0600.
     *
     * @param path the path
     * @param mode the permission bits, at most 0777
     * @return the file
     * @throws java.nio.file.FileAlreadyExistsException when something exists at the path
     * @throws IOException when it cannot be created, or was replaced at once
     */
    public static CreatedFile create(Path path, int mode) throws IOException {
        if ((mode & ~PERMISSION_BITS) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " has bits beyond 0777");
        }
        return create(path, POSIX && mode != OwnerGroupMode.OWNER_READ_WRITE
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OwnerGroupMode.permissions(mode))} : OWNER_ONLY);
    }

    private static CreatedFile create(Path path, FileAttribute<?>[] mode) throws IOException {
        FileChannel channel = FileChannel.open(path, CREATE_NEW_WRITE, mode);
        try {
            if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                return new CreatedFile(path, channel, null, POSIX && OwnerGroupMode.supported(path)
                        ? OwnerGroupMode.read(path, LinkOption.NOFOLLOW_LINKS) : null);
            }
            Map<String, Object> identity = Files.readAttributes(path, IDENTITY, LinkOption.NOFOLLOW_LINKS);
            // Just created, so it can only be a fresh file of ours; anything else was put in its place.
            // Its owner is not checked: some mounts (NFS with root squashed, vfat) give new files a fixed owner.
            // Its size by name, not the channel's (one fstat less): what the name holds must be empty.
            if (!isSingleRegularFile(identity) || (Long) identity.get("size") != 0) {
                throw foreign(path, identity, "right after its exclusive create");
            }
            return new CreatedFile(path, channel, identity, new OwnerGroupMode(identity.get("uid"), identity.get("gid"),
                    (Integer) identity.get("mode") & PERMISSION_BITS));
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (!(e instanceof ForeignFileException)) {
                // Created by this call and not yet handed to anyone (an interrupt closed the channel, say):
                // removed here, or it would wait for a cleanup as a leftover. Another user's file is left alone.
                try {
                    Files.deleteIfExists(path);
                } catch (IOException deleting) {
                    e.addSuppressed(deleting);
                }
            }
            throw e;
        }
    }

    /**
     * Returns the path the file was created at.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the channel opened by the exclusive create, for writing; open until {@link #close()}.
     *
     * @return the channel
     * @throws IllegalStateException after {@link #close()}
     */
    public FileChannel channel() {
        if (channel == null) {
            throw new IllegalStateException(path + " is closed");
        }
        return channel;
    }

    /**
     * Returns the owner, group and mode the file had when created.
     *
     * @return them, or {@code null} where the file system has no POSIX permissions
     */
    public OwnerGroupMode attributes() {
        return attributes;
    }

    /**
     * Checks what the name holds now, with one {@code lstat}.
     *
     * @param replacementAllowed whether a regular file with one link, owned by this process's user (or
     *     by whom this file system gives this process's new files), may have replaced the file created (a body that wrote its own new file to the temp's path)
     * @return what it holds
     * @throws ForeignFileException when it holds anything else: a link, another user's file, a file with
     *     more names; it is left as it is
     * @throws java.nio.file.NoSuchFileException when it holds nothing
     */
    public Holds check(boolean replacementAllowed) throws IOException {
        if (created == null) {
            // No inode to compare (Windows): a body may have replaced the file unseen, so it is
            // treated as replaced where that is allowed, and synced by its name.
            return replacementAllowed ? Holds.REPLACEMENT : Holds.CREATED;
        }
        Map<String, Object> now = Files.readAttributes(path, IDENTITY, LinkOption.NOFOLLOW_LINKS);
        lastMode = (Integer) now.get("mode") & PERMISSION_BITS;
        lastSize = (Long) now.get("size");
        boolean sameFile = Objects.equals(now.get("dev"), created.get("dev")) && Objects.equals(now.get("ino"), created.get("ino"));
        if (isSingleRegularFile(now)) {
            if (sameFile) {
                return Holds.CREATED;
            }
            Object owner = now.get("uid");
            if (replacementAllowed && (owner.equals(ThisProcess.uid()) || owner.equals(created.get("uid")))) {
                return Holds.REPLACEMENT;
            }
        }
        throw foreign(path, now, sameFile ? "since it was created" : "in place of the file this process created");
    }

    /**
     * Returns the size the latest {@link #check(boolean)} found at the name, whichever file held it then.
     *
     * @return the size in bytes, or -1 before any check or without inodes to check (Windows)
     */
    public long checkedSize() {
        return lastSize;
    }

    /**
     * Checks what the name holds, as {@link #check(boolean)} does, and sets its mode if it differs,
     * without following a link. The JDK opens the file to read it for that, so a file that is not
     * owner-readable can be changed only by root.
     *
     * @param mode the permission bits
     * @param replacementAllowed as for {@link #check(boolean)}
     * @return what the name holds
     * @throws IOException when the check or the change fails
     */
    public Holds setModeIfDifferent(int mode, boolean replacementAllowed) throws IOException {
        Holds holds = check(replacementAllowed);
        setModeAsChecked(mode);
        return holds;
    }

    /**
     * Sets the mode, without following a link, if it differs from the mode that the {@link #check(boolean)}
     * just before found; for a caller that must act between the check and the change.
     *
     * @param mode the permission bits
     * @throws IOException when the change fails
     */
    public void setModeAsChecked(int mode) throws IOException {
        if (created != null ? lastMode != mode : OwnerGroupMode.read(path, LinkOption.NOFOLLOW_LINKS).mode() != mode) {
            OwnerGroupMode.setMode(path, mode, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Gives the file another file's group, after checking the name still holds the file created.
     *
     * @param wanted the owner, group and mode to take the group from
     * @throws IOException when the check fails or this process may not
     */
    public void giveGroup(OwnerGroupMode wanted) throws IOException {
        check(false);
        wanted.giveGroupTo(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Gives the file another file's owner, after checking the name still holds the file created.
     *
     * @param wanted the owner, group and mode to take the owner from
     * @throws IOException when the check fails or this process may not (only root may)
     */
    public void giveOwner(OwnerGroupMode wanted) throws IOException {
        check(false);
        wanted.giveOwnerTo(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Makes the file owner-only ({@code 0600}) through a descriptor open on it, never through its name:
     * where {@code /proc/self/fd} exists (Linux), through the entry of this process's descriptors whose
     * file has the device and inode created ({@code chmod} of such an entry acts on the open file, as
     * {@code fchmod} does; Java 17 has no {@code fchmod} on a channel, nor the channel's number), so a
     * name swapped by another user meanwhile is never touched. Elsewhere, by name as
     * {@link #setModeIfDifferent} does, after a check.
     *
     * @throws IOException when the change fails or the file is no longer this one
     */
    void makeOwnerOnly() throws IOException {
        int mode = OwnerGroupMode.OWNER_READ_WRITE;
        Path descriptors = Path.of("/proc/self/fd");
        if (created == null || channel == null || !Files.isDirectory(descriptors)) {
            setModeIfDifferent(mode, false);
            return;
        }
        try (java.nio.file.DirectoryStream<Path> open = Files.newDirectoryStream(descriptors)) {
            for (Path descriptor : open) {
                Map<String, Object> file;
                try {
                    file = Files.readAttributes(descriptor, "unix:dev,ino,mode");
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (sameFile(file, created) && ((Integer) file.get("mode") & OwnerGroupMode.FILE_TYPE) == OwnerGroupMode.REGULAR) {
                    if (((Integer) file.get("mode") & PERMISSION_BITS) != mode) {
                        Files.setAttribute(descriptor, "unix:mode", mode);
                    }
                    lastMode = mode;
                    return;
                }
            }
        }
        throw new java.nio.file.FileSystemException(path.toString(), null, "no descriptor of this process holds the file"
                + " created, to make it owner-only through");
    }

    /**
     * Tells whether the file's identity (device and inode) is known, so that a rename can be verified.
     *
     * @return {@code false} where the file system has no {@code unix} view
     */
    boolean hasIdentity() {
        return created != null;
    }

    /**
     * Opens the body's own new file that {@link #check(boolean)} found in place of the file created,
     * for reading, without following a link, and returns it as the file to keep: its identity is the
     * one seen before and after the open, so the channel holds that file.
     *
     * @return the replacement, open for reading; this one is closed
     * @throws IOException when the name changed during the open or cannot be opened
     */
    CreatedFile reopenReplacement() throws IOException {
        Map<String, Object> before = Files.readAttributes(path, IDENTITY, LinkOption.NOFOLLOW_LINKS);
        FileChannel opened = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            Map<String, Object> after = Files.readAttributes(path, IDENTITY, LinkOption.NOFOLLOW_LINKS);
            if (!isSingleRegularFile(after) || !sameFile(before, after)) {
                throw foreign(path, after, "while it was opened to be kept");
            }
            close();
            return new CreatedFile(path, opened, after, new OwnerGroupMode(after.get("uid"), after.get("gid"),
                    (Integer) after.get("mode") & PERMISSION_BITS));
        } catch (IOException | RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Renames the file to a name that must not exist, then checks with one {@code lstat} that the new
     * name holds the file created (same device and inode, one link): in a directory another user may
     * write, the old name may have been swapped for their link or file between the last check and the
     * rename. What a failed check finds at the new name is not this process's: a link or other
     * non-regular file is removed (unlinking a link never touches what it points to), another user's
     * regular file is left where it is and named.
     *
     * @param to the new name, in the same file system
     * @return the file at its new name, sharing this one's channel (this one must not be used again)
     * @throws ForeignFileException when the new name holds something else
     * @throws IOException when the rename fails
     */
    CreatedFile renameTo(Path to) throws IOException {
        Files.move(path, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (created == null) {
            return new CreatedFile(to, channel, null, attributes);
        }
        Map<String, Object> now = Files.readAttributes(to, IDENTITY, LinkOption.NOFOLLOW_LINKS);
        if (isSingleRegularFile(now) && sameFile(now, created)) {
            CreatedFile moved = new CreatedFile(to, channel, created, attributes);
            moved.lastMode = (Integer) now.get("mode") & PERMISSION_BITS;
            channel = null;
            return moved;
        }
        int type = (Integer) now.get("mode") & OwnerGroupMode.FILE_TYPE;
        String outcome;
        if (type != OwnerGroupMode.REGULAR) {
            Files.deleteIfExists(to);
            outcome = "; it was removed from " + to;
        } else {
            outcome = "; it was left at " + to + ", untouched: delete it once you know whose it is";
        }
        ForeignFileException refused = foreign(path, now, "when it was renamed to " + to);
        return throwWith(refused, outcome);
    }

    private static CreatedFile throwWith(ForeignFileException refused, String outcome) throws ForeignFileException {
        throw new ForeignFileException(refused.getFile(), null, refused.getReason() + outcome);
    }

    private static boolean sameFile(Map<String, Object> a, Map<String, Object> b) {
        return Objects.equals(a.get("dev"), b.get("dev")) && Objects.equals(a.get("ino"), b.get("ino"));
    }

    /** Closes the channel; the file stays. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }

    private static boolean isSingleRegularFile(Map<String, Object> identity) {
        return ((Integer) identity.get("mode") & OwnerGroupMode.FILE_TYPE) == OwnerGroupMode.REGULAR && ((Integer) identity.get("nlink")) == 1;
    }

    private static ForeignFileException foreign(Path path, Map<String, Object> found, String when) {
        int type = (Integer) found.get("mode") & OwnerGroupMode.FILE_TYPE;
        String what = type == OwnerGroupMode.SYMLINK ? "a symbolic link" : type != OwnerGroupMode.REGULAR ? "something other than a regular file"
                : (Integer) found.get("nlink") != 1 ? "a file with " + found.get("nlink") + " names (a hard link)"
                : "a file of another user (uid " + found.get("uid") + ")";
        return new ForeignFileException(path.toString(), null, path + " holds " + what + " " + when
                + ": another user who may write in " + path.getParent() + " replaced the file this process created;"
                + " it was left as it is and nothing was written through it. Keep files written by this process in a"
                + " directory only trusted users can write");
    }
}
