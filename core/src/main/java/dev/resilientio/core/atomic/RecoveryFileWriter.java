package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.ThisProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes recovery files: the content of a failed atomic write as {@code <name>.failed}, beside the
 * target or in the recovery directory, with {@code <name>.failed.json} describing it.
 *
 * <p>In a recovery directory, the name is {@code <name>.<hash>.failed}, {@code <hash>} the first 16
 * hex digits of the SHA-256 of the target's directory (resolved), so that targets of one name in
 * different directories never share a recovery file; the description names the whole target.
 *
 * <p>A recovery file never replaces an earlier one: the earlier ones move up, {@code .failed} to
 * {@code .failed.1} and so on, each with its {@code .json}, and only the oldest of
 * {@value RecoveryFileNames#KEPT} is deleted, with a WARN that names it. A name that holds anything but a regular file
 * of this process's user (planted by another user in a shared directory) is skipped and left as it is.
 * Each file is first staged under a hidden name ({@code .<name>.failed.<random>.part}) that no cleanup
 * of temps takes, then renamed in place, so a recovery file is always complete; when the rotation or
 * that rename fails, the staged file is the only copy: it stays, and the notice names it. Staged
 * files are created new ({@code O_EXCL}, owner-only) and written through the channel that created
 * them. The failed write's temp is synced, made owner-only and read through the descriptor its
 * exclusive create opened (kept open since), renamed where the recovery file is on its file system,
 * and checked after the rename to be that same file (device and inode).
 *
 * <p>A recovery directory is created owner-only and refused unless it is a directory (not a link) of
 * this process's user or root that group and others may not write, or sticky.
 *
 * <p>Staging runs unlocked; the rotation and rename of one recovery name are serialised in this JVM
 * (by a lock shared with a few other names). Two processes that keep a recovery file of one target at
 * the same moment can lose one of the two (a rare double failure; each still logs its own).
 */
final class RecoveryFileWriter {

    private static final LazyLogger LOG = new LazyLogger(RecoveryFileWriter.class);
    /** Rotation and placement of one recovery name are serialised in this JVM; names share 64 locks. */
    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];
    private static final int GROUP_OTHERS_WRITE = 0022;

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new ReentrantLock();
        }
    }
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private RecoveryFileWriter() {
    }

    /** What a recovery file's description says, besides its own name and size. */
    record Description(Instant time, String operation, Path target, Throwable failure, int attempts) {
    }

    /** A recovery file written, its description, or why the description is missing. */
    record Kept(Path file, Path description, IOException failure) {
    }

    /**
     * Returns where a target's recovery file goes.
     *
     * @param target the resolved target
     * @param recoveryDir the recovery directory, or {@code null} for beside the target
     * @return the recovery file's path
     */
    static Path recoveryFile(Path target, Path recoveryDir) {
        if (recoveryDir == null) {
            return TargetPaths.withSuffix(target, ".failed");
        }
        Path directory = target.toAbsolutePath().getParent();
        String hash = TargetPaths.shortHash(directory == null ? "" : directory.toString());
        return TargetPaths.withSuffix(recoveryDir.resolve(target.getFileName().toString()), "." + hash + ".failed");
    }

    static Kept write(FailedContent content, AtomicSettings settings, Description about) throws IOException {
        Path file = recoveryFile(content.target, settings.recoveryDir());
        Path directory = file.getParent();
        if (settings.recoveryDir() != null) {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(directory, ownerOnlyDirectory());
                } catch (IOException e) {
                    throw IoErrors.describe(e, directory, "creating the recovery directory for", content.target, true);
                }
            }
            checkRecoveryDirectory(directory, content.target);
        }
        Path description = RecoveryFileNames.json(file);
        // Staged outside the lock: a copy to another file system and its fsyncs must not hold up other targets.
        Staged stagedData = stage(content, file, settings.fsync());
        Path stagedDescription = null;
        IOException descriptionFailure = null;
        try {
            stagedDescription = stageBytes(RecoveryFileDescription.describe(about, stagedData.size()), description, content.target);
        } catch (IOException e) {
            descriptionFailure = IoErrors.describe(e, description, "writing the description of the recovery file of",
                    content.target, true);
        }
        Path placed;
        ReentrantLock lock = STRIPES[Math.floorMod(file.hashCode(), STRIPES.length)];
        lock.lock();
        try {
            try {
                placed = RecoveryFileNames.rotate(file, content.target);
                move(stagedData.path(), placed, content.target);
            } catch (IOException | RuntimeException e) {
                // The staged file is the only copy of the content: it stays, and the notice names it.
                deleteQuietly(stagedDescription);
                IOException placement = e instanceof IOException io ? io : new IOException(e.toString(), e);
                LOG.warn("Kept the content that could not be written to {} at its staged name {}: it could not be"
                        + " renamed to {}: {}", content.target, stagedData.path(), file, placement.toString());
                return new Kept(stagedData.path(), null, placement);
            }
            if (stagedDescription != null) {
                Path placedDescription = RecoveryFileNames.json(placed);
                try {
                    move(stagedDescription, placedDescription, content.target);
                    description = placedDescription;
                } catch (IOException e) {
                    descriptionFailure = e;
                    description = stagedDescription;
                }
            }
        } finally {
            lock.unlock();
        }
        if (settings.fsync()) {
            try {
                DirectorySync.fsync(directory);
            } catch (IOException e) {
                LOG.warn("Kept the recovery file {} but could not sync its directory {}: it may not survive a power loss: {}",
                        placed, directory, e.toString());
            }
        }
        if (descriptionFailure != null) {
            LOG.warn("Kept the content that could not be written to {} in {}, but could not write its description {}: {}",
                    content.target, placed, description, descriptionFailure.toString());
            return new Kept(placed, stagedDescription != null && description.equals(stagedDescription) ? description : null,
                    descriptionFailure);
        }
        return new Kept(placed, description, null);
    }

    /**
     * Refuses a recovery directory another user could have planted or may write: it must be a real
     * directory (read without following a link), owned by this process's user or root, and not
     * writable by group or others unless sticky.
     */
    private static void checkRecoveryDirectory(Path directory, Path target) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Map<String, Object> found;
        try {
            found = Files.readAttributes(directory, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw IoErrors.describe(e, directory, "checking the recovery directory for", target, true);
        }
        int mode = (Integer) found.get("mode");
        int owner = (Integer) found.get("uid");
        int self = ThisProcess.uid();
        String problem = null;
        String fix = null;
        if ((mode & OwnerGroupMode.FILE_TYPE) == OwnerGroupMode.SYMLINK) {
            problem = "a symbolic link (to " + Files.readSymbolicLink(directory) + ", owned by uid " + owner + ")";
            fix = "remove the link and create the directory yourself (mkdir -m 700 " + directory + ")";
        } else if ((mode & OwnerGroupMode.FILE_TYPE) != OwnerGroupMode.DIRECTORY) {
            problem = "not a directory";
            fix = "remove it or move it away";
        } else if (self != ThisProcess.UNKNOWN_UID && owner != self && owner != 0) {
            problem = "a directory owned by uid " + owner + ", neither this process's user (uid " + self + ") nor root";
            fix = "give it to this process's user (chown " + self + " " + directory + ")";
        } else if ((mode & GROUP_OTHERS_WRITE) != 0 && (mode & OwnerGroupMode.STICKY) == 0) {
            problem = String.format("a directory group or others may write (mode %04o) without the sticky bit", mode & 07777);
            fix = "make it owner-only (chmod 700 " + directory + ")";
        }
        if (problem != null) {
            throw new RefusedFileException(directory.toString(), null, "the recovery directory " + directory + " for "
                    + target + " is " + problem + ": another user could read, replace or redirect the recovery files"
                    + " kept there, so none is written; " + fix
                    + ", or set RESILIENT_IO_ATOMIC_RECOVERY_DIR (resilientio.atomic.recovery-dir) to another directory");
        }
    }

    /** A staged file and the size of its content. */
    private record Staged(Path path, long size) {
    }

    /** Puts the content at a staged name beside {@code file}: the temp renamed, else a copy of it, else the bytes. */
    private static Staged stage(FailedContent content, Path file, boolean fsync) throws IOException {
        CreatedFile temp = content.temp();
        IOException tempFailure = null;
        if (temp != null) {
            try {
                return stageTemp(content, temp, file, fsync);
            } catch (IOException e) {
                if (content.bytes == null) {
                    throw e;
                }
                tempFailure = e;
            }
        }
        try {
            return new Staged(stageBytes(content.bytes, file, content.target), content.bytes.length);
        } catch (IOException e) {
            if (tempFailure != null) {
                e.addSuppressed(tempFailure);
            }
            throw e;
        }
    }

    private static Staged stageTemp(FailedContent content, CreatedFile temp, Path file, boolean fsync) throws IOException {
        // Renamed or read only while its name holds the file this write created (or a body's own new
        // file, reopened when kept): another user's file put in its place is never kept. Its content is
        // read and sized through the descriptor kept open since, never reopened by name.
        temp.check(content.replacementAllowed);
        Path staged = stagedName(file);
        if (!temp.hasIdentity()) {
            return stageTempByName(content, temp, file, staged);
        }
        FileChannel source = temp.channel();
        long size;
        if (fsync) {
            // The commit may have failed before it synced the temp: synced here, through the descriptor
            // kept, before it becomes the recovery file. A failure costs durability, not the content.
            try {
                source.force(true);
            } catch (IOException e) {
                LOG.warn("Could not sync the failed content in {} before keeping it for {}; the recovery file may not"
                        + " survive a power loss: {}", temp.path(), content.target, e.toString());
            }
        }
        try {
            size = source.size();
            // Owner-only before the rename (the commit may have given it the target's mode, 0644 say):
            // the recovery file is never readable by others, not even for a moment.
            temp.makeOwnerOnly();
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, temp.path(), "preparing the failed content for " + file + ", the recovery file of",
                    content.target, true);
        }
        try {
            CreatedFile moved;
            try {
                moved = temp.renameTo(staged);
            } catch (CreatedFile.ForeignFileException e) {
                content.tempMoved();
                throw e;
            }
            content.tempMoved();
            try (moved) {
                // Made owner-only before the rename already; again through its descriptor (a no-op then), for
                // where that was done by name and the name swapped between check and change.
                moved.makeOwnerOnly();
            } catch (IOException e) {
                deleteQuietly(staged);
                throw IoErrors.describe(e, staged, "making the recovery file owner-only for", content.target, true);
            }
            return new Staged(staged, size);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            // The recovery directory is on another file system: copy, below.
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, temp.path(), "moving the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
        try {
            temp.check(content.replacementAllowed);
            copy(source, staged);
            return new Staged(staged, size);
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, staged, "copying the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
    }

    /** Where the file system gives no device and inode to verify (Windows): renamed, else copied, by name. */
    private static Staged stageTempByName(FailedContent content, CreatedFile temp, Path file, Path staged) throws IOException {
        try {
            Files.move(temp.path(), staged, StandardCopyOption.ATOMIC_MOVE);
            content.tempMoved();
            return new Staged(staged, Files.size(staged));
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            // Copied, below.
        } catch (IOException e) {
            throw IoErrors.describe(e, temp.path(), "moving the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
        try (FileChannel source = FileChannel.open(temp.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            copy(source, staged);
            return new Staged(staged, source.size());
        } catch (IOException e) {
            throw IoErrors.describe(e, staged, "copying the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
    }

    /** Copies a channel's whole content to a new, owner-only file, synced; removes the copy if that fails. */
    private static void copy(FileChannel source, Path staged) throws IOException {
        try (CreatedFile copy = CreatedFile.create(staged)) {
            try {
                long size = source.size();
                long position = 0;
                while (position < size) {
                    long copied = source.transferTo(position, size - position, copy.channel());
                    if (copied <= 0) {
                        break;
                    }
                    position += copied;
                }
                copy.makeOwnerOnly();
                copy.channel().force(true);
            } catch (IOException | RuntimeException | Error e) {
                deleteQuietly(staged);
                throw e;
            }
        }
    }

    /** Writes bytes to a new, owner-only file at a staged name beside {@code file}, through the channel that created it. */
    private static Path stageBytes(byte[] bytes, Path file, Path target) throws IOException {
        Path staged = stagedName(file);
        try (CreatedFile created = CreatedFile.create(staged)) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    created.channel().write(buffer);
                }
                created.channel().force(true);
            } catch (IOException | RuntimeException | Error e) {
                deleteQuietly(staged);
                throw e;
            }
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, staged, "writing " + file + ", a recovery file of", target, true);
        }
        return staged;
    }

    private static void move(Path staged, Path file, Path target) throws IOException {
        try {
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw IoErrors.describe(e, file, "renaming the staged recovery file " + staged + " for", target, true);
        }
    }

    private static Path stagedName(Path file) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return TargetPaths.withSuffix(file.resolveSibling("." + file.getFileName()), "." + HexFormat.of().formatHex(random) + ".part");
    }

    private static void deleteQuietly(Path staged) {
        if (staged == null) {
            return;
        }
        try {
            Files.deleteIfExists(staged);
        } catch (IOException e) {
            LOG.warn("Could not delete the staged recovery file {}; delete it by hand: {}", staged, e.toString());
        }
    }

    private static FileAttribute<?>[] ownerOnlyDirectory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }
}
