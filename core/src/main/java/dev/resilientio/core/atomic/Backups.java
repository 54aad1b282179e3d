package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.ThisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rotating backups of a file: {@code <name>.backup} is the newest, then {@code <name>.backup.1},
 * {@code <name>.backup.2}, and so on.
 */
final class Backups {

    /** The most backups a file may have, as configuration allows. */
    private static final int MAX = 100;

    private Backups() {
    }

    /**
     * Returns the path of the {@code index}-th backup, 0 being the newest.
     *
     * @param target the file
     * @param index from 0
     * @return the backup's path
     */
    public static Path backup(Path target, int index) {
        return TargetPaths.withSuffix(target, index == 0 ? ".backup" : ".backup." + index);
    }

    /**
     * Lists the backups that exist, newest first: any file at a backup's name, a link (even a
     * dangling one) included, not followed; {@link #openForRecovery} tells which may be trusted.
     *
     * @param target the file
     * @return the existing backups
     */
    public static List<Path> existing(Path target) {
        List<Path> found = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            Path backup = backup(target, i);
            if (Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
                found.add(backup);
            }
        }
        return found;
    }

    /**
     * Returns the owner of a target, read without following links, for {@link #openForRecovery}.
     *
     * @param target the resolved target
     * @return its uid, or {@link ThisProcess#UNKNOWN_UID} when it cannot be read or the file system has no owners
     */
    public static int ownerOf(Path target) {
        try {
            return target.getFileSystem().supportedFileAttributeViews().contains("unix")
                    ? (Integer) Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                    : ThisProcess.UNKNOWN_UID;
        } catch (IOException | RuntimeException unreadable) {
            return ThisProcess.UNKNOWN_UID;
        }
    }

    /**
     * Opens a backup for recovery, only when it may be trusted: a regular file (a link at its name
     * is not followed) and, in a sticky world-writable directory, owned by the target's owner or by
     * this process's user. Another user can
     * create any name in a shared directory such as {@code /tmp}, so a {@code <name>.backup} they
     * planted there would otherwise be taken for the file's own content. The backup is opened
     * without following links, and checked again once open, so that a link or another file put in
     * its place in between is not read either. Where the file system has no owners, only the
     * regular-file rule applies.
     *
     * @param backup the backup, from {@link #existing}
     * @param targetOwner the target's uid, from {@link #ownerOf}
     * @return the open stream, to close
     * @throws RefusedFileException when the backup is not to be trusted; its reason names it, what it is and its owner
     * @throws IOException when it cannot be read
     */
    public static InputStream openForRecovery(Path backup, int targetOwner) throws IOException {
        Map<String, Object> before = trusted(backup, targetOwner);
        InputStream in = Files.newInputStream(backup, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            Map<String, Object> after = trusted(backup, targetOwner);
            if (!Objects.equals(before.get("fileKey"), after.get("fileKey"))) {
                throw new RefusedFileException(backup.toString(), null, "the backup " + backup
                        + " was replaced while it was opened, so what was opened may not be the file checked;"
                        + " it is not used to recover the file");
            }
            return in;
        } catch (IOException | RuntimeException | Error e) {
            in.close();
            throw e;
        }
    }

    /** The backup's attributes, read without following links, when it may be trusted; else why not. */
    private static Map<String, Object> trusted(Path backup, int targetOwner) throws IOException {
        boolean owners = backup.getFileSystem().supportedFileAttributeViews().contains("unix");
        String names = "fileKey,isRegularFile,isDirectory,isSymbolicLink";
        Map<String, Object> attributes = Files.readAttributes(backup, owners ? "unix:uid," + names : "basic:" + names,
                LinkOption.NOFOLLOW_LINKS);
        Object owner = owners ? attributes.get("uid") : null;
        String ownedBy = owner == null ? "" : ", owned by uid " + owner + ",";
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            String kind = Boolean.TRUE.equals(attributes.get("isSymbolicLink"))
                    ? "a symbolic link (to " + linkText(backup) + ")"
                    : Boolean.TRUE.equals(attributes.get("isDirectory")) ? "a directory" : "a device, FIFO or socket";
            throw new RefusedFileException(backup.toString(), null, "the backup " + backup + " is " + kind + ownedBy
                    + " not a regular file: backups are regular files, so it is not followed or read to recover the"
                    + " file. Remove it (as its owner, or root) if nobody needs it");
        }
        // Only where other users may create names: elsewhere whoever can plant a backup can rename over the
        // target itself, and group-shared directories hold backups of other members (a hard link keeps the
        // previous writer as owner).
        if (owner != null && TargetPaths.isStickyWorldWritable(backup.getParent())) {
            int uid = (Integer) owner;
            if (uid != targetOwner && uid != ThisProcess.uid()) {
                throw new RefusedFileException(backup.toString(), null, "the backup " + backup + " is owned by uid " + uid
                        + ", neither the file's owner" + (targetOwner == ThisProcess.UNKNOWN_UID ? "" : " (uid " + targetOwner + ")")
                        + " nor this process's user (uid " + ThisProcess.uid() + "): another user may have put it there"
                        + " in " + backup.getParent() + ", so its content is not taken for the file's. Remove it (as its"
                        + " owner, or root) if it is not a backup of the file, or give it the file's owner if it is");
            }
        }
        return attributes;
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException unreadable) {
            return "an unreadable target";
        }
    }

    /**
     * Shifts the backups one place older, dropping the oldest beyond {@code count}, and makes the
     * current target the newest backup: a hard link where possible, else a complete copy renamed
     * into place. With {@code fsync}, the directory is synced after each rename whose order matters,
     * so a crash never leaves a backup name pointing at a newer version than its position says.
     *
     * @param target the resolved target, which must exist
     * @param count backups to keep, at least 1
     * @param fsync whether to sync the directory between steps
     * @throws IOException when a step fails; the target itself is never touched
     */
    public static void rotate(Path target, int count, boolean fsync) throws IOException {
        Path directory = target.getParent();
        // Backups beyond a lowered count would otherwise be found by recovery, however old. Rotation
        // keeps them numbered without gaps, so the first missing one ends the search.
        int beyond = count;
        while (beyond < MAX && Files.deleteIfExists(backup(target, beyond))) {
            beyond++;
        }
        for (int i = count - 1; i >= 1; i--) {
            Path older = backup(target, i - 1);
            if (Files.exists(older)) {
                Files.move(older, backup(target, i), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (fsync) {
                    DirectorySync.fsync(directory);
                }
            }
        }
        Path newest = backup(target, 0);
        // Link (or copy) under a temp name, then rename: a crash never leaves the newest slot empty.
        Path staged = TempFiles.reserveStagedBackupName(target);
        try {
            try {
                Files.createLink(staged, target);
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                copyInto(target, staged, fsync);
            }
            Files.move(staged, newest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staged);
        }
        if (fsync) {
            DirectorySync.fsync(directory);
        }
    }

    /**
     * Copies the target into a new owner-only file that gets the target's owner, group and mode before
     * its content is synced. The copy is written through the channel its exclusive create opened and
     * changed only where its name still holds it (see {@link CreatedFile}); the target is read without
     * following a link, so a link planted in its place is not copied.
     */
    static void copyInto(Path target, Path staged, boolean fsync) throws IOException {
        try (FileChannel source = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                CreatedFile copy = CreatedFile.create(staged)) {
            long size = source.size();
            for (long position = 0; position < size; ) {
                long copied = source.transferTo(position, size - position, copy.channel());
                if (copied <= 0) {
                    break;
                }
                position += copied;
            }
            OwnerGroupMode current = copy.attributes();
            if (current != null) {
                OwnerGroupMode wanted = OwnerGroupMode.readRegularFile(target);
                // Ownership first, as for a temp: the wider mode must never apply to this process's group.
                boolean sameGroup = current.sameGroup(wanted) || give(() -> copy.giveGroup(wanted));
                if (!current.sameOwner(wanted)) {
                    give(() -> copy.giveOwner(wanted));
                }
                copy.setModeIfDifferent(sameGroup ? wanted.mode() : wanted.mode() & ~OwnerGroupMode.GROUP_BITS, false);
            }
            if (fsync) {
                copy.channel().force(true);
            }
        }
    }

    /** Gives an owner or a group where this process may (only root may give a file away); tells whether it did. */
    private static boolean give(IoAction action) throws IOException {
        try {
            action.run();
            return true;
        } catch (CreatedFile.ForeignFileException foreign) {
            throw foreign;
        } catch (IOException notPermitted) {
            return false;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
