package dev.resilientio.core.atomic;

import dev.resilientio.core.IoConsumer;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ResolvedTarget;
import dev.resilientio.core.lock.LiveWrite;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Atomic, durable replacement of a file: the engine behind {@code @AtomicWrite}. Thread-safe.
 *
 * <p>The sequence on Linux: create a temp (exclusive create, mode 0600) in the target's directory,
 * give it the target's permissions (plus owner read and write until the commit, so read-only targets
 * can be replaced too), write, fsync it, rotate backups, rename it over the target, fsync the directory.
 * A new target gets the permissions a plain create would give it (0666 less the umask). Readers see the old or the new file, never a mix; a crash at any moment
 * leaves one of them. A symlinked target keeps its link: the file it points to is replaced (in a
 * sticky world-writable directory, only a link the kernel's {@code protected_symlinks} rule would
 * follow). A target that exists must be a regular file.
 *
 * <p>In a directory other users may write, the temp is written through the channel its exclusive
 * create opened, its mode and owner are changed only while its name still holds that file and
 * without following links, and the commit renames it only when it is still that file (or a body's
 * own new regular file with one link); anything else put in its place is refused and left alone.
 */
public final class AtomicFileWriter {

    private static final LazyLogger LOG = new LazyLogger(AtomicFileWriter.class);

    private AtomicFileWriter() {
    }

    /**
     * Starts an atomic write: removes temps that crashed writers left beside the target, then
     * creates the temp file (a copy of the target with {@code copyExisting}).
     *
     * @param target the file to replace; it need not exist, its directory must
     * @param settings backups, copy and durability
     * @return the session; write to its temp, then commit; close it in every case
     * @throws IOException when the temp cannot be created
     */
    public static AtomicWriteSession begin(Path target, AtomicSettings settings) throws IOException {
        return begin(ResolvedTarget.of(Objects.requireNonNull(target, "target")), settings);
    }

    /**
     * Starts an atomic write of a target resolved for this call: the atomic-write step of the pipeline.
     *
     * @param resolvedTarget the file to replace, resolved; it need not exist, its directory must
     * @param settings backups, copy and durability
     * @return the session; write to its temp, then commit; close it in every case
     * @throws IOException when the temp cannot be created
     */
    public static AtomicWriteSession begin(ResolvedTarget resolvedTarget, AtomicSettings settings) throws IOException {
        return begin(resolvedTarget, settings, null);
    }

    /**
     * Starts an atomic write for an operation, which its commit event and injected faults name;
     * otherwise as {@link #begin(ResolvedTarget, AtomicSettings)}.
     *
     * @param resolvedTarget the file to replace, resolved; it need not exist, its directory must
     * @param settings backups, copy and durability
     * @param operation the operation's name, or {@code null} outside an operation
     * @return the session; write to its temp, then commit; close it in every case
     * @throws IOException when the temp cannot be created
     */
    public static AtomicWriteSession begin(ResolvedTarget resolvedTarget, AtomicSettings settings, String operation)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path target = resolvedTarget.given();
        Path resolved = resolvedTarget.path();
        StaleTemps.clean(resolved);
        // Held from before the temp exists until it is renamed or deleted, so no cleanup takes it for a leftover.
        LiveWrite live = LiveWrite.begin(resolved, target);
        CreatedFile temp;
        OwnerGroupMode wanted;
        try {
            wanted = targetAttributes(resolved);
        } catch (IOException e) {
            live.close();
            throw e instanceof RefusedFileException ? e
                    : IoErrors.describe(e, resolved, "reading the permissions of", target, true);
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
        try {
            temp = TempFiles.createOpen(resolved, createMode(wanted));
        } catch (CreatedFile.ForeignFileException e) {
            live.close();
            throw e;
        } catch (IOException e) {
            live.close();
            throw IoErrors.describe(e, resolved, "creating a temp file beside", target, true);
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
        AtomicWriteSession session = new AtomicWriteSession(resolved, temp, settings, operation);
        session.live(live);
        String step = "giving the temp file the permissions of";
        try {
            session.finalMode(copyAttributes(resolved, wanted, temp));
            if (settings.copyExisting()) {
                step = "copying into the temp file the current content of";
                copyContent(resolved, temp.channel());
            }
        } catch (CreatedFile.ForeignFileException e) {
            // Its reason says what was found and what to do; the foreign file is left as it is.
            session.foreignTemp();
            session.close();
            throw e;
        } catch (RefusedFileException e) {
            session.close();
            throw e;
        } catch (IOException e) {
            IOException described = IoErrors.describe(e, temp.path(), step, target, true);
            session.close();
            throw described;
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * Copies the target's content into the temp through the temp's own channel, reading the target
     * without following a link: one planted in the target's place after it was resolved is not read.
     */
    private static void copyContent(Path target, FileChannel temp) throws IOException {
        FileChannel source;
        try {
            source = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException newTarget) {
            return;
        }
        try (source) {
            long position = 0;
            long size = source.size();
            while (position < size) {
                long copied = source.transferTo(position, size - position, temp);
                if (copied <= 0) {
                    break;
                }
                position += copied;
            }
        }
    }

    /**
     * Writes a file atomically through a callback that writes to the temp file.
     *
     * @param target the file to replace
     * @param settings backups, copy and durability
     * @param writeTo writes the new content to the path it is given
     * @throws IOException when the callback or a commit step fails; the target is then unchanged
     */
    public static void write(Path target, AtomicSettings settings, IoConsumer<Path> writeTo) throws IOException {
        try (AtomicWriteSession session = begin(target, settings)) {
            writeTo.accept(session.temp());
            session.commit();
        }
    }

    /**
     * Writes bytes to a file atomically, syncing them on the channel that wrote them.
     *
     * @param target the file to replace
     * @param settings backups and durability ({@code copyExisting} is ignored: the bytes are the content)
     * @param content the new content
     * @throws IOException when a step fails; the target is then unchanged
     */
    public static void writeBytes(Path target, AtomicSettings settings, byte[] content) throws IOException {
        AtomicSettings fresh = settings.withoutCopy();
        try (AtomicWriteSession session = begin(target, fresh)) {
            session.writeContent(content);
            session.commit();
        }
    }

    /**
     * Gives the temp the target's permissions (plus owner-write while it is written, so a read-only
     * target can still be replaced), and its owner and group where this process may. Reads each
     * file once and compares owner, group and mode by number; changes only what differs, so the
     * usual temp of a 0600 or 0644 target owned by this process costs one {@code chmod} or none.
     *
     * @return the mode the temp must have at the commit, or {@link AtomicWriteSession#MODE_IN_PLACE}
     *     where the file system has no POSIX permissions
     */
    private static int copyAttributes(Path target, OwnerGroupMode wanted, CreatedFile temp) throws IOException {
        OwnerGroupMode current = temp.attributes();
        if (current == null) {
            return AtomicWriteSession.MODE_IN_PLACE;
        }
        if (wanted == null) {
            // The temp stays owner-only while it is written and gets a plain create's mode at the commit.
            return TempFiles.newFileMode(target);
        }
        // Ownership first: widening the mode while the temp still has this process's group would
        // let that group open it and read the new content later.
        boolean sameGroup = giveOwnership(wanted, current, target, temp);
        int mode = sameGroup ? wanted.mode() : wanted.mode() & ~OwnerGroupMode.GROUP_BITS;
        // Owner-readable too: the change of mode without following links opens the temp to read it.
        int whileWriting = mode | OwnerGroupMode.OWNER_READ_WRITE;
        if (whileWriting != current.mode() || !current.sameOwner(wanted) || !current.sameGroup(wanted)) {
            // A chown may clear bits, so after one the mode is read again by the check.
            temp.setModeIfDifferent(whileWriting, false);
        }
        return mode;
    }

    /**
     * The target's owner, group and mode, read once before the temp is created (one {@code lstat});
     * {@code null} for a new target or where the file system has no POSIX permissions.
     */
    private static OwnerGroupMode targetAttributes(Path target) throws IOException {
        if (!OwnerGroupMode.supported(target)) {
            return null;
        }
        try {
            return OwnerGroupMode.readRegularFile(target);
        } catch (NoSuchFileException newTarget) {
            return null;
        }
    }

    /**
     * The mode the temp is created with: the mode it must have while written (the target's, plus
     * owner read and write), so that the usual temp needs no {@code chmod} at all (three system calls:
     * the JDK opens the file to change it without following a link). Only where the group's bits
     * grant nothing that the others' do not: the temp starts with this process's group, and that
     * group may be another than the target's, which must never read what everyone may not. Else
     * owner-only, widened after the ownership is given, as before.
     */
    private static int createMode(OwnerGroupMode wanted) {
        if (wanted == null) {
            return OwnerGroupMode.OWNER_READ_WRITE;
        }
        int mode = wanted.mode() | OwnerGroupMode.OWNER_READ_WRITE;
        int group = (mode >> 3) & 07;
        int others = mode & 07;
        return (group & ~others) == 0 ? mode : OwnerGroupMode.OWNER_READ_WRITE;
    }

    /**
     * Gives the temp the target's group and owner where they differ and this process may; tells
     * whether the groups now match.
     */
    private static boolean giveOwnership(OwnerGroupMode wanted, OwnerGroupMode current, Path target, CreatedFile temp)
            throws CreatedFile.ForeignFileException {
        boolean sameGroup = current.sameGroup(wanted);
        if (!sameGroup) {
            try {
                temp.giveGroup(wanted);
                sameGroup = true;
            } catch (CreatedFile.ForeignFileException foreign) {
                throw foreign;
            } catch (IOException notPermitted) {
                LOG.info("Could not give the new content of {} its group ({}): it gets this process's group, without"
                        + " group permissions, so that group gains no access. To keep the group, run as a member of it.",
                        target, notPermitted.toString());
            }
        }
        if (!current.sameOwner(wanted)) {
            try {
                temp.giveOwner(wanted);
            } catch (CreatedFile.ForeignFileException foreign) {
                throw foreign;
            } catch (IOException notPermitted) {
                // Only root may give a file away.
                LOG.info("Could not give the new content of {} its owner ({}): it is owned by this process's user."
                        + " To keep the owner, write as that user or as root.", target, notPermitted.toString());
            }
        }
        return sameGroup;
    }
}
