package dev.resilientio.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rotating backups of a file: {@code <name>.backup} is the newest, then {@code <name>.backup.1},
 * {@code <name>.backup.2}, and so on.
 */
public final class Backups {

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
     * Lists the backups that exist, newest first.
     *
     * @param target the file
     * @return the existing backups
     */
    public static List<Path> existing(Path target) {
        List<Path> found = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            Path backup = backup(target, i);
            if (Files.exists(backup)) {
                found.add(backup);
            }
        }
        return found;
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
