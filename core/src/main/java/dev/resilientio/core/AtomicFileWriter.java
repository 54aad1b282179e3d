package dev.resilientio.core;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.LiveWrite;
import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.StaleTemps;
import dev.resilientio.core.internal.TempFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Atomic, durable replacement of a file: the engine behind {@code @AtomicWrite}. Thread-safe.
 *
 * <p>The sequence on Linux: create a temp (exclusive create, mode 0600) in the target's directory,
 * give it the target's permissions (plus owner-write until the commit, so read-only targets can be
 * replaced too), write, fsync it, rotate backups, rename it over the target, fsync the directory.
 * A new target gets the permissions a plain create would give it (0666 less the umask). Readers see the old or the new file, never a mix; a crash at any moment
 * leaves one of them. A symlinked target keeps its link: the file it points to is replaced.
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
        Objects.requireNonNull(settings, "settings");
        Path resolved = TargetPaths.resolve(Objects.requireNonNull(target, "target"));
        StaleTemps.clean(resolved);
        // Held from before the temp exists until it is renamed or deleted, so no cleanup takes it for a leftover.
        LiveWrite live = LiveWrite.begin(resolved, target);
        Path temp;
        try {
            temp = TempFiles.create(resolved);
        } catch (IOException e) {
            live.close();
            throw IoErrors.describe(e, resolved, "creating a temp file beside", target, true);
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
        AtomicWriteSession session = new AtomicWriteSession(resolved, temp, settings);
        session.live(live);
        String step = "giving the temp file the permissions of";
        try {
            session.finalMode(copyAttributes(resolved, temp));
            if (settings.copyExisting() && Files.exists(resolved)) {
                step = "copying into the temp file the current content of";
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                        OutputStream out = Channels.newOutputStream(channel)) {
                    Files.copy(resolved, out);
                }
            }
        } catch (IOException e) {
            IOException described = IoErrors.describe(e, temp, step, target, true);
            session.close();
            throw described;
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
        return session;
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
        AtomicSettings fresh = settings.copyExisting() ? new AtomicSettings(settings.backups(), false, settings.durability())
                : settings;
        try (AtomicWriteSession session = begin(target, fresh)) {
            try (FileChannel channel = FileChannel.open(session.temp(), StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                session.applyFinalPermissions();
                if (fresh.fsync()) {
                    channel.force(true);
                }
            } catch (IOException e) {
                throw IoErrors.describe(e, session.temp(), "writing the temp file for", target, true);
            }
            session.commit(true);
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
    private static int copyAttributes(Path target, Path temp) throws IOException {
        if (!OwnerGroupMode.supported(temp)) {
            return AtomicWriteSession.MODE_IN_PLACE;
        }
        OwnerGroupMode wanted;
        try {
            wanted = OwnerGroupMode.read(target);
        } catch (NoSuchFileException newTarget) {
            // The temp stays owner-only while it is written and gets a plain create's mode at the commit.
            return TempFiles.newFileMode(target);
        }
        OwnerGroupMode current = OwnerGroupMode.read(temp, LinkOption.NOFOLLOW_LINKS);
        // Ownership first: widening the mode while the temp still has this process's group would
        // let that group open it and read the new content later.
        boolean sameGroup = giveOwnership(wanted, current, target, temp);
        int mode = sameGroup ? wanted.mode() : wanted.mode() & ~OwnerGroupMode.GROUP_BITS;
        int whileWriting = mode | OwnerGroupMode.OWNER_WRITE;
        if (whileWriting != current.mode()) {
            OwnerGroupMode.setMode(temp, whileWriting, LinkOption.NOFOLLOW_LINKS);
        }
        return mode;
    }

    /**
     * Gives the temp the target's group and owner where they differ and this process may; tells
     * whether the groups now match.
     */
    private static boolean giveOwnership(OwnerGroupMode wanted, OwnerGroupMode current, Path target, Path temp) {
        boolean sameGroup = current.sameGroup(wanted);
        if (!sameGroup) {
            try {
                wanted.giveGroupTo(temp, LinkOption.NOFOLLOW_LINKS);
                sameGroup = true;
            } catch (IOException notPermitted) {
                LOG.get().info("Could not give the new content of {} its group ({}): it gets this process's group, without"
                        + " group permissions, so that group gains no access. To keep the group, run as a member of it.",
                        target, notPermitted.toString());
            }
        }
        if (!current.sameOwner(wanted)) {
            try {
                wanted.giveOwnerTo(temp, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException notPermitted) {
                // Only root may give a file away.
                LOG.get().info("Could not give the new content of {} its owner ({}): it is owned by this process's user."
                        + " To keep the owner, write as that user or as root.", target, notPermitted.toString());
            }
        }
        return sameGroup;
    }
}
