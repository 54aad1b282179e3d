package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.OwnerGroupMode;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.internal.ThisProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names of one target's recovery files and their rotation: {@code .failed}, then
 * {@code .failed.1} to {@code .failed.9}, each with its {@code .json}. Every name is read and moved
 * without following links. The caller serialises rotations of one name.
 */
final class RecoveryFileNames {

    /** Recovery files kept per target: {@code .failed} and {@code .failed.1} to {@code .failed.9}. */
    static final int KEPT = 10;

    /** Under the writer's name: the rotation's WARNs are part of writing a recovery file. */
    private static final LazyLogger LOG = new LazyLogger(RecoveryFileWriter.class);

    private RecoveryFileNames() {
    }

    /**
     * Moves this process's recovery files of a name up by one, {@code .failed} to {@code .failed.1} and
     * on, dropping the oldest, and returns the free name for the new one. A name that holds anything
     * but a regular file of this process's user (another user's file, a link, a directory, planted in a
     * shared directory) is skipped, left as it is, and the next name taken instead.
     */
    static Path rotate(Path file, Path target) throws IOException {
        List<Integer> usable = new ArrayList<>(KEPT);
        List<String> skipped = new ArrayList<>();
        for (int n = 0; n < KEPT; n++) {
            Path slot = numbered(file, n);
            String foreign = foreign(slot);
            if (foreign == null) {
                foreign = foreign(json(slot));
            }
            if (foreign == null) {
                usable.add(n);
            } else {
                skipped.add(foreign);
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("Skipped names of recovery files of {} that hold what this process did not write, left as they are"
                    + " (another user who may write in {} may have put them there): {}", target, file.getParent(), skipped);
        }
        if (usable.isEmpty()) {
            throw new RefusedFileException(file.toString(), null, "every name for the recovery file of " + target
                    + " holds what this process did not write: " + skipped + "; remove them, or set"
                    + " RESILIENT_IO_ATOMIC_RECOVERY_DIR (resilientio.atomic.recovery-dir) to a directory only this"
                    + " process's user may write");
        }
        Path from = null;
        try {
            Path oldest = numbered(file, usable.get(usable.size() - 1));
            if (exists(oldest) || exists(json(oldest))) {
                LOG.warn("Deleting the oldest recovery file {} (and its description): {} recovery files of one target are kept",
                        oldest, KEPT);
                from = oldest;
                Files.deleteIfExists(oldest);
                Files.deleteIfExists(json(oldest));
            }
            for (int i = usable.size() - 2; i >= 0; i--) {
                from = numbered(file, usable.get(i));
                Path to = numbered(file, usable.get(i + 1));
                if (exists(from)) {
                    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                }
                if (exists(json(from))) {
                    Files.move(json(from), json(to), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw IoErrors.describe(e, from, "moving up the earlier recovery files of", target, true);
        }
        return numbered(file, usable.get(0));
    }

    /** What a name holds that this process did not write, or {@code null} for nothing or a regular file of its user. */
    private static String foreign(Path slot) throws IOException {
        if (!slot.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return exists(slot) && !Files.isRegularFile(slot, LinkOption.NOFOLLOW_LINKS) ? slot + " (not a regular file)" : null;
        }
        Map<String, Object> found;
        try {
            found = Files.readAttributes(slot, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return null;
        }
        int type = (Integer) found.get("mode") & OwnerGroupMode.FILE_TYPE;
        int owner = (Integer) found.get("uid");
        int self = ThisProcess.uid();
        if (type == OwnerGroupMode.REGULAR && (self == ThisProcess.UNKNOWN_UID || owner == self)) {
            return null;
        }
        String what = type == OwnerGroupMode.SYMLINK ? "a symbolic link" : type == OwnerGroupMode.DIRECTORY ? "a directory"
                : type != OwnerGroupMode.REGULAR ? "a special file" : "a file";
        return slot + " (" + what + " of uid " + owner + ")";
    }

    /** The n-th older recovery file: {@code file} itself for 0, else {@code file.n}. */
    static Path numbered(Path file, int n) {
        return n == 0 ? file : TargetPaths.withSuffix(file, "." + n);
    }

    static Path json(Path file) {
        return TargetPaths.withSuffix(file, ".json");
    }

    private static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }
}
