package dev.resilientio.core.atomic;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ResolvedTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The backups of one file as a recovery may use them, for the engine's {@code @RecoverFromBackup}:
 * which exist, which may be trusted, and putting one back over the file. The same rules as
 * {@link RecoveringReader}: only a regular file (a link at a backup's name is not followed) and, in
 * a sticky world-writable directory, one owned by the file's owner or by this process's user.
 * Immutable and thread-safe.
 */
public final class TrustedBackups {

    /** Restores are durable, and must not rotate the corrupt file into the backups, pushing a good one out. */
    private static final AtomicSettings RESTORE = new AtomicSettings(0, false, Durability.FSYNC);

    private final Path target;
    private final int owner;

    private TrustedBackups(Path target, int owner) {
        this.target = target;
        this.owner = owner;
    }

    /**
     * Looks at the backups of a file, reading its owner once.
     *
     * @param resolvedTarget the file, links resolved: its backups lie beside the file a link points to
     * @return the backups
     */
    public static TrustedBackups of(Path resolvedTarget) {
        return new TrustedBackups(resolvedTarget, Backups.ownerOf(resolvedTarget));
    }

    /**
     * Lists the files at the backups' names, newest first ({@code <name>.backup}, {@code <name>.backup.1}, ...),
     * trusted or not; ask {@link #check} before reading one.
     *
     * @return the files found, links not followed
     */
    public List<Path> existing() {
        return Backups.existing(target);
    }

    /**
     * Checks that a backup may be read as the file's content: opened without following links, its
     * owner and kind checked before and after, then closed. Once checked, what is at its name can be
     * changed only by those who could change the file itself (in a sticky directory: its owner, the
     * directory's owner, root), so reading it again by name reads it.
     *
     * @param backup one of {@link #existing()}
     * @throws RefusedFileException when it is a link, not a regular file, or another user's in a
     *     shared directory; its reason says which and what to do
     * @throws IOException when it cannot be opened
     */
    public void check(Path backup) throws IOException {
        Backups.openForRecovery(backup, owner).close();
    }

    /**
     * Puts a backup's content back in place of the file, atomically and durably, without rotating
     * backups: the content is read through the same checks as {@link #check}. The caller must hold
     * the file's exclusive lock.
     *
     * @param file the file to restore, as the caller named it and resolved
     * @param backup the backup to restore it from
     * @throws IOException when the backup cannot be read or the write fails; the file is then unchanged
     */
    public void restore(ResolvedTarget file, Path backup) throws IOException {
        byte[] content;
        try (InputStream in = Backups.openForRecovery(backup, owner)) {
            content = in.readAllBytes();
        }
        try (AtomicWriteSession session = AtomicFileWriter.begin(file, RESTORE)) {
            session.writeContent(content);
            session.commit();
        }
    }
}
