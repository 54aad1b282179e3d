package dev.resilientio.core.lock;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.ThisProcess;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Opens a lock file without following links, refuses one that is not a regular file with a single
 * name (link count 1), and gives it the owner, group and mode its target calls for, so that only
 * those who may access the data may lock it (as SQLite does for its journal). Runs only when a lock
 * file is opened, which is rare: channels are kept open.
 */
final class LockFileOpener {

    private static final LazyLogger LOG = new LazyLogger(LockFileOpener.class);
    private static final int OWNER_READ_WRITE = 0600;
    private static final int GROUP_OTHERS_READ_WRITE = 0066;

    private LockFileOpener() {
    }

    /** A channel just opened on a lock file. */
    record Opened(FileChannel channel, boolean writable, Object key) {
    }

    /** What {@code lstat} says of a path; uid, gid, mode and links are {@code -1} without the unix view. */
    private record Stat(Object key, boolean regular, boolean link, String type, int uid, int gid, int mode, int links) {
    }

    /**
     * Opens a lock file read-write, creating it. A reader ({@code shared}) that may not create or
     * write it opens an existing one read-only, which a shared lock needs.
     *
     * @param lockFile the lock file
     * @param target the file it locks, whose owner and mode it takes
     * @param shared whether a read-only channel will do
     * @param mayCorrect whether the owner and mode may be corrected: not while this process holds locks
     *     on the file through another channel, since a correction opens and closes the file, and closing
     *     any descriptor of a file drops the process's locks on it
     * @return the channel, or {@code null} when a reader may go on without an OS lock (there is no
     *     lock file and it may not create one)
     * @throws AccessDeniedException when the lock file is a symbolic link, not a regular file or has
     *     more than one hard link, or this process may not open it; the reason says what was found
     *     and what to do
     */
    static Opened open(Path lockFile, Path target, boolean shared, boolean mayCorrect) throws IOException {
        Stat before = lstat(lockFile);
        refuseUnlessPlainFile(lockFile, target, before);
        Stat wanted = target == null ? null : lstat(target);
        if (wanted != null && (!wanted.regular || wanted.mode < 0)) {
            wanted = null;
        }
        FileChannel channel;
        boolean writable;
        try {
            channel = openNoFollow(lockFile, wanted, true);
            writable = true;
        } catch (FileSystemException e) {
            refuseUnlessPlainFile(lockFile, target, lstat(lockFile));
            if (!shared || !(e instanceof AccessDeniedException || IoErrors.hasPermanentReason(e))) {
                throw cannotOpen(e, lockFile, target, wanted);
            }
            try {
                channel = openNoFollow(lockFile, null, false);
                writable = false;
            } catch (NoSuchFileException missing) {
                LOG.debug("Cannot create the lock file {} ({}); reading without an OS lock", lockFile, e.toString());
                return null;
            } catch (FileSystemException readOnlyToo) {
                refuseUnlessPlainFile(lockFile, target, lstat(lockFile));
                throw cannotOpen(readOnlyToo, lockFile, target, wanted);
            }
        }
        Stat after;
        try {
            after = lstat(lockFile);
            if (after == null || !after.regular || after.links > 1) {
                // Replaced or linked right after the open: what the channel has open cannot be told apart.
                refuseUnlessPlainFile(lockFile, target, after == null ? before : after);
                throw new NoSuchFileException(lockFile.toString(), null, "the lock file was removed while it was"
                        + " being opened; try again");
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, lockFile);
            throw e;
        }
        boolean unchanged = before != null && before.key != null && before.key.equals(after.key);
        if (mayCorrect && writable && wanted != null && (unchanged || before == null)) {
            correct(lockFile, target, after, wanted);
        }
        // A created file's key is not trusted (the path may name another file by now): the next lock opens it again.
        return new Opened(channel, writable, unchanged ? after.key : null);
    }

    private static FileChannel openNoFollow(Path lockFile, Stat wanted, boolean readWrite) throws IOException {
        Set<OpenOption> options = readWrite
                ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                : Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        if (wanted == null || !readWrite) {
            return FileChannel.open(lockFile, options);
        }
        // Created with no more than the target allows; the umask may take more away.
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OwnerGroupMode.permissions(lockMode(wanted.mode)));
        return FileChannel.open(lockFile, options, mode);
    }

    /** The lock file's mode for a target's: owner read and write always, group and others' read and write as the target's. */
    static int lockMode(int targetMode) {
        return OWNER_READ_WRITE | (targetMode & GROUP_OTHERS_READ_WRITE);
    }

    /**
     * Gives the lock file the target's owner and group, and no permission bit the target's lock mode
     * lacks, where they differ and this process may: root anything, the lock file's owner its mode (and a group it belongs to). Changes go
     * through the open directory, by name, never following a link.
     */
    private static void correct(Path lockFile, Path target, Stat found, Stat wanted) {
        // Bits beyond the target's are taken away and owner read-write given; bits the umask withheld
        // at creation are not added back, as for any file this process creates.
        int mode = (found.mode & 0777 & lockMode(wanted.mode)) | OWNER_READ_WRITE;
        boolean ownerDiffers = found.uid != wanted.uid;
        boolean groupDiffers = found.gid != wanted.gid;
        boolean modeDiffers = (found.mode & 0777) != mode;
        if (!ownerDiffers && !groupDiffers && !modeDiffers) {
            return;
        }
        int self = ThisProcess.uid();
        boolean root = self == 0;
        if (!root && found.uid != self) {
            LOG.debug("The lock file {} is owned by uid {}, not this process (uid {}); its owner and mode are left as they are",
                    lockFile, found.uid, self);
            return;
        }
        Path directory = lockFile.toAbsolutePath().getParent();
        Path name = lockFile.getFileName();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            if (!(stream instanceof SecureDirectoryStream)) {
                LOG.debug("No secure directory stream on {}; the lock file's owner and mode are left as they are", directory);
                return;
            }
            PosixFileAttributeView view = ((SecureDirectoryStream<Path>) stream)
                    .getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes now = view.readAttributes();
            if (!now.isRegularFile() || !found.key.equals(now.fileKey())) {
                return; // replaced meanwhile: not the file this process opened
            }
            if (root && (ownerDiffers || groupDiffers)) {
                // By number with lchown, right after the check above: the view's setOwner takes principals,
                // which the JDK builds by looking the ids up in the user and group databases every time.
                if (ownerDiffers) {
                    Files.setAttribute(lockFile, "unix:uid", wanted.uid, LinkOption.NOFOLLOW_LINKS);
                }
                if (groupDiffers) {
                    Files.setAttribute(lockFile, "unix:gid", wanted.gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
            if (modeDiffers) {
                view.setPermissions(OwnerGroupMode.permissions(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not give the lock file {} the owner {}, group {} and mode {} of its target: {}",
                    lockFile, wanted.uid, wanted.gid, octal(mode), e.toString());
        }
    }

    /**
     * Refuses a lock file that is a symbolic link, not a regular file, or a regular file with more than
     * one name: two names of one file give this JVM two entries and two channels on it, and closing
     * either drops every lock this process holds on the file, through the other too.
     */
    private static void refuseUnlessPlainFile(Path lockFile, Path target, Stat found) throws AccessDeniedException {
        if (found == null || (found.regular && found.links <= 1)) {
            return;
        }
        if (found.regular) {
            throw new AccessDeniedException(lockFile.toString(), null, "the lock file is a regular file with "
                    + found.links + " hard links (names), not 1, owned by " + ownerText(lockFile, found) + "; a lock"
                    + " file is never used under more than one name, since another of its names may be the lock file"
                    + " of another target, and releasing one would then drop this process's locks on the other;"
                    + " remove it while no process uses " + (target == null ? "it" : target) + " (a lock file holds no"
                    + " data; this library creates it again, and its other names stay as they are) and check who may"
                    + " write in " + lockFile.toAbsolutePath().getParent());
        }
        String what;
        if (found.link) {
            String pointsTo;
            try {
                pointsTo = Files.readSymbolicLink(lockFile).toString();
            } catch (IOException unreadable) {
                pointsTo = "an unreadable destination";
            }
            what = "is a symbolic link to " + pointsTo;
        } else {
            what = "is a " + found.type + ", not a regular file";
        }
        throw new AccessDeniedException(lockFile.toString(), null, "the lock file " + what + ", owned by "
                + ownerText(lockFile, found) + "; a lock file is never opened through a link or as anything but a"
                + " regular file, since whoever planted it could make this process create, open or block on a file of"
                + " their choosing. Remove it (a lock file holds no data; this library creates it again) and check who"
                + " may write in " + lockFile.toAbsolutePath().getParent());
    }

    private static IOException cannotOpen(FileSystemException e, Path lockFile, Path target, Stat wanted) {
        if (!(e instanceof AccessDeniedException)) {
            return e;
        }
        Stat found;
        try {
            found = lstat(lockFile);
        } catch (IOException unreadable) {
            found = null;
        }
        if (found == null) {
            return e; // could not create it: IoErrors gives the directory's advice
        }
        String fix = wanted == null ? "chown and chmod it so that this process may write it"
                : "give it the target's owner and mode (as root: chown " + wanted.uid + ":" + wanted.gid + " " + lockFile
                        + " && chmod " + octal(lockMode(wanted.mode)) + " " + lockFile + ")";
        AccessDeniedException described = new AccessDeniedException(lockFile.toString(), null, "the lock file of "
                + target + " is owned by " + ownerText(lockFile, found) + " with mode " + octal(found.mode & 0777)
                + ", which this process (uid " + ThisProcess.uid() + ") may not open for writing; " + fix
                + ", or remove it while no process uses " + target + " (it holds no data)");
        described.initCause(e);
        return described;
    }

    private static String ownerText(Path lockFile, Stat found) {
        String name;
        try {
            name = Files.getOwner(lockFile, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException unknown) {
            name = null;
        }
        if (found.uid < 0) {
            return name == null ? "an unknown user" : name;
        }
        return "uid " + found.uid + (name == null || name.equals(String.valueOf(found.uid)) ? "" : " (" + name + ")");
    }

    private static Stat lstat(Path file) throws IOException {
        try {
            if (OwnerGroupMode.supported(file) && file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid,fileKey,nlink", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) unix.get("mode");
                int type = mode & OwnerGroupMode.FILE_TYPE;
                return new Stat(unix.get("fileKey"), type == OwnerGroupMode.REGULAR, type == OwnerGroupMode.SYMLINK,
                        OwnerGroupMode.typeName(mode),
                        (Integer) unix.get("uid"), (Integer) unix.get("gid"), mode, (Integer) unix.get("nlink"));
            }
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Stat(basic.fileKey(), basic.isRegularFile(), basic.isSymbolicLink(),
                    basic.isDirectory() ? "directory" : "special file", -1, -1, -1, -1);
        } catch (NoSuchFileException missing) {
            return null;
        }
    }



    private static String octal(int mode) {
        return String.format("0%03o", mode);
    }

    private static void closeQuietly(FileChannel channel, Path lockFile) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Could not close the lock file {}: {}", lockFile, e.toString());
        }
    }
}
