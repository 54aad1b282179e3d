package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The owner, group and permission bits of a file, read with one {@code stat} and compared by
 * number. Where the file system has the {@code unix} view (Linux, macOS), owner and group are the
 * numeric ids: the {@code posix} view's {@code owner()} and {@code group()} would turn each into a
 * name through the user and group databases (a read of {@code /etc/passwd} or {@code /etc/group},
 * or a call to nscd or LDAP) every time, only for the names to be compared. A file system with only
 * the {@code posix} view is read through it, its principals compared as they are. Immutable.
 *
 * @param owner the owner's id ({@code Integer}) or principal
 * @param group the group's id ({@code Integer}) or principal
 * @param mode the permission bits, {@code 0777} at most (no file type, no set-id or sticky bits)
 */
public record OwnerGroupMode(Object owner, Object group, int mode) {

    /** The owner-write bit. */
    public static final int OWNER_WRITE = 0200;

    /** The owner's read and write bits. */
    public static final int OWNER_READ_WRITE = 0600;

    /** The group's read, write and execute bits. */
    public static final int GROUP_BITS = 0070;

    /** The file-type bits of a {@code unix:mode} ({@code S_IFMT}). */
    public static final int FILE_TYPE = 0170000;
    /** The file type of a regular file. */
    public static final int REGULAR = 0100000;
    /** The file type of a symbolic link. */
    public static final int SYMLINK = 0120000;
    /** {@link #FILE_TYPE} of a directory. */
    public static final int DIRECTORY = 0040000;
    /** The sticky bit: in such a directory only a name's owner may remove or replace it. */
    public static final int STICKY = 01000;

    private static final int PERMISSION_BITS = 0777;
    private static final int OTHERS_WRITE = 0002;
    private static final PosixFilePermission[] BIT_ORDER = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /**
     * Tells whether a file's file system has POSIX owners and permissions.
     *
     * @param file a file of that file system
     * @return {@code true} where it has the {@code unix} or {@code posix} view
     */
    public static boolean supported(Path file) {
        Set<String> views = file.getFileSystem().supportedFileAttributeViews();
        return views.contains("unix") || views.contains("posix");
    }

    /**
     * Reads a file's owner, group and permission bits with one {@code stat}.
     *
     * @param file the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to read a link itself
     * @return its owner, group and mode
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException when it cannot be read
     */
    public static OwnerGroupMode read(Path file, LinkOption... options) throws IOException {
        if (hasUnixView(file.getFileSystem())) {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,gid,mode", options);
            return new OwnerGroupMode(attributes.get("uid"), attributes.get("gid"),
                    (Integer) attributes.get("mode") & PERMISSION_BITS);
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, options);
        return new OwnerGroupMode(attributes.owner(), attributes.group(), bits(attributes.permissions()));
    }

    /**
     * Reads the owner, group and permission bits of a file that must be a regular file, with one
     * {@code lstat}: a link found there is not followed but refused, as is anything else that is not a
     * regular file.
     *
     * @param file the file
     * @return its owner, group and mode
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws RefusedFileException when it is not a regular file
     * @throws IOException when it cannot be read
     */
    public static OwnerGroupMode readRegularFile(Path file) throws IOException {
        if (hasUnixView(file.getFileSystem())) {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attributes.get("mode");
            if ((mode & FILE_TYPE) != REGULAR) {
                throw TargetPaths.notRegularFile(file, Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS), file);
            }
            return new OwnerGroupMode(attributes.get("uid"), attributes.get("gid"), mode & PERMISSION_BITS);
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw TargetPaths.notRegularFile(file, attributes, file);
        }
        return new OwnerGroupMode(attributes.owner(), attributes.group(), bits(attributes.permissions()));
    }

    /**
     * Tells whether another file has the same owner.
     *
     * @param other the other file's attributes, read from the same file system
     * @return {@code true} when the owners are equal
     */
    public boolean sameOwner(OwnerGroupMode other) {
        return Objects.equals(owner, other.owner);
    }

    /**
     * Tells whether another file has the same group.
     *
     * @param other the other file's attributes, read from the same file system
     * @return {@code true} when the groups are equal
     */
    public boolean sameGroup(OwnerGroupMode other) {
        return Objects.equals(group, other.group);
    }

    /**
     * Gives a file this owner ({@code chown}); only root may give a file away.
     *
     * @param file the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to change a link itself ({@code lchown})
     * @throws IOException when this process may not
     */
    public void giveOwnerTo(Path file, LinkOption... options) throws IOException {
        if (hasUnixView(file.getFileSystem())) {
            Files.setAttribute(file, "unix:uid", owner, options);
        } else {
            // Through the view, not the "posix:owner" attribute, which some file systems (zip) ignore.
            Files.getFileAttributeView(file, PosixFileAttributeView.class, options).setOwner((UserPrincipal) owner);
        }
    }

    /**
     * Gives a file this group ({@code chgrp}); the owner may give any group it is a member of.
     *
     * @param file the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to change a link itself ({@code lchown})
     * @throws IOException when this process may not
     */
    public void giveGroupTo(Path file, LinkOption... options) throws IOException {
        if (hasUnixView(file.getFileSystem())) {
            Files.setAttribute(file, "unix:gid", group, options);
        } else {
            Files.getFileAttributeView(file, PosixFileAttributeView.class, options).setGroup((GroupPrincipal) group);
        }
    }

    /**
     * Sets a file's permission bits ({@code chmod}).
     *
     * @param file the file
     * @param mode the bits, {@code 0777} at most
     * @param options {@link LinkOption#NOFOLLOW_LINKS} not to follow a link
     * @throws IOException when they cannot be set
     */
    public static void setMode(Path file, int mode, LinkOption... options) throws IOException {
        if (hasUnixView(file.getFileSystem())) {
            Files.setAttribute(file, "unix:mode", mode & PERMISSION_BITS, options);
        } else {
            Files.setAttribute(file, "posix:permissions", permissions(mode), options);
        }
    }

    /**
     * Tells whether a {@code unix:mode} is that of a sticky directory every user may write, like
     * {@code /tmp}: where anyone may create names but only their owners may remove them.
     *
     * @param mode the mode
     * @return {@code true} for both bits
     */
    static boolean stickyAndWorldWritable(int mode) {
        return (mode & STICKY) != 0 && (mode & OTHERS_WRITE) != 0;
    }

    /**
     * Names the file type of a {@code unix:mode}, for messages.
     *
     * @param mode the mode
     * @return such as {@code "directory"} or {@code "named pipe (FIFO)"}
     */
    public static String typeName(int mode) {
        switch (mode & FILE_TYPE) {
            case REGULAR:
                return "regular file";
            case SYMLINK:
                return "symbolic link";
            case 0040000:
                return "directory";
            case 0010000:
                return "named pipe (FIFO)";
            case 0140000:
                return "socket";
            case 0020000:
                return "character device";
            case 0060000:
                return "block device";
            default:
                return "special file";
        }
    }

    /** The permission set of the low nine bits of a mode. */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BIT_ORDER.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BIT_ORDER[bit]);
            }
        }
        return permissions;
    }

    private static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BIT_ORDER.length; bit++) {
            if (permissions.contains(BIT_ORDER[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    private static boolean hasUnixView(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("unix");
    }
}
