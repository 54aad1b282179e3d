package dev.resilientio.core.internal;

import dev.resilientio.annotations.LockMode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Gives the engine's own IO errors the target, the step and what to do, keeping their type and reason. */
public final class IoErrors {

    /** Reasons, as Linux, macOS and Windows word them, that a full or read-only disk gives. */
    private static final List<String> PERMANENT_REASONS = List.of(
            "no space left on device",
            "disk quota exceeded",
            "read-only file system",
            "file too large",
            "file name too long",
            "not enough space on the disk",
            "there is not enough space",
            "the disk is full",
            "enospc",
            "edquot",
            "erofs",
            "efbig",
            "enametoolong");


    /**
     * Starts the context this class adds to a reason; what follows names files and gives advice, so
     * the classifier must not read it.
     */
    public static final String CONTEXT_MARKER = " (while ";

    /**
     * Failures the JDK reports as a plain {@link FileSystemException} whose reason alone says that
     * the file system refused the operation for good: retrying cannot help, and each needs its own fix.
     */
    public enum Refusal {
        /** {@code EISDIR}: a directory where a file was expected. */
        IS_A_DIRECTORY("is a directory", "eisdir"),
        /** {@code ENOTDIR}: a file where a directory was expected, such as a path through a regular file. */
        NOT_A_DIRECTORY("not a directory", "enotdir"),
        /**
         * {@code EPERM}: another user's name in a sticky directory, an immutable or append-only file, or an
         * operation the file system never allows.
         */
        NOT_PERMITTED("operation not permitted", "eperm");

        private final String words;
        /**
         * The errno name in capitals, standing alone (not within a path's name or between its
         * slashes, dashes or dots): a reason that quotes {@code /srv/keeperman} or {@code /srv/eperm-logs}
         * must not match.
         */
        private final Pattern errno;

        Refusal(String words, String errno) {
            this.words = words;
            this.errno = Pattern.compile("(?<![\\w/.-])" + errno.toUpperCase(Locale.ROOT) + "(?![\\w/.-])");
        }

        private boolean matches(String reason) {
            return reason.toLowerCase(Locale.ROOT).contains(words) || errno.matcher(reason).find();
        }
    }

    private IoErrors() {
    }

    /**
     * Names a lock in messages.
     *
     * @param mode the lock's mode, or {@code null} when not known
     * @return "an EXCLUSIVE lock", "a SHARED lock", or "a lock"
     */
    public static String lockPhrase(LockMode mode) {
        if (mode == null) {
            return "a lock";
        }
        return (mode == LockMode.EXCLUSIVE ? "an " : "a ") + mode + " lock";
    }

    /**
     * Returns what the system said about a failure, without the file names a
     * {@link FileSystemException} puts first (a path is the user's choice and must not decide
     * anything) and without the context {@link #describe} adds.
     *
     * @param failure the failure, not its causes
     * @return the reason, or {@code null} when there is none
     */
    public static String reasonOf(Throwable failure) {
        String text = failure instanceof FileSystemException ? ((FileSystemException) failure).getReason() : failure.getMessage();
        if (text != null && text.contains(CONTEXT_MARKER)) {
            // The engine's added context names files and gives advice; the original reason precedes it.
            text = text.substring(0, text.indexOf(CONTEXT_MARKER));
        }
        return text;
    }

    /**
     * Tells whether a failure, or anything in its cause chain, is one of the {@link Refusal}s.
     *
     * @param failure the failure
     * @return the refusal, or {@code null} for none
     */
    public static Refusal refusal(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof NotDirectoryException) {
                return Refusal.NOT_A_DIRECTORY;
            }
            String reason = reasonOf(t);
            if (reason != null) {
                for (Refusal refusal : Refusal.values()) {
                    if (refusal.matches(reason)) {
                        return refusal;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Describes a failure of one of the engine's own steps. A {@link FileSystemException} becomes one
     * of the same type (so callers and the classifier still see what happened) whose reason adds
     * the step, the target and advice; a bare {@link IOException}, which the JDK throws without a
     * file name (a full disk, for example), becomes a {@link FileSystemException} naming the file.
     * Other types are returned unchanged. The original is always the cause.
     *
     * @param failure the failure
     * @param file the file the step worked on
     * @param step what the engine was doing, such as {@code "writing the temp file for"}
     * @param target the file the caller asked for
     * @param targetUnchanged whether the failure left the target as it was
     * @return the exception to throw
     */
    public static IOException describe(IOException failure, Path file, String step, Path target, boolean targetUnchanged) {
        String context = CONTEXT_MARKER + step + " " + target + "; " + advice(failure, file)
                + (targetUnchanged ? "; the target was left unchanged)" : ")");
        if (failure instanceof FileSystemException) {
            FileSystemException original = (FileSystemException) failure;
            String reason = (original.getReason() == null ? failure.getClass().getSimpleName() : original.getReason()) + context;
            FileSystemException described = sameType(original, reason);
            if (described == null) {
                return failure;
            }
            described.initCause(failure);
            return described;
        }
        if (failure.getClass() != IOException.class) {
            return failure;
        }
        FileSystemException described = new FileSystemException(file.toString(), null, failure.getMessage() + context);
        described.initCause(failure);
        return described;
    }

    /**
     * A copy of a file-system error of the same type with another reason, for a message that adds to
     * the original's; {@code null} when the type has no (file, other file, reason) constructor.
     *
     * @param original the error
     * @param reason the new reason
     * @return the copy, without cause or stack trace of its own, or {@code null}
     */
    public static FileSystemException sameType(FileSystemException original, String reason) {
        try {
            Constructor<? extends FileSystemException> constructor =
                    original.getClass().getConstructor(String.class, String.class, String.class);
            return constructor.newInstance(original.getFile(), original.getOtherFile(), reason);
        } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
            return null;
        }
    }

    private static String advice(IOException failure, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (failure instanceof NoSuchFileException) {
            return directory != null && !Files.isDirectory(directory)
                    ? "the directory " + directory + " does not exist; create it first"
                    : "the file was removed while in use; try again";
        }
        if (failure instanceof AccessDeniedException) {
            return "this process may not write in " + directory + "; give its user write permission there";
        }
        if (String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("file name too long")) {
            return "shorten the file name: most file systems take at most 255 bytes per name";
        }
        if (hasPermanentReason(failure)) {
            return "free space or lift the restriction on the file system of " + directory + ", then try again";
        }
        Refusal refusal = refusal(failure);
        if (refusal == Refusal.IS_A_DIRECTORY) {
            return file + " is a directory, not a file; give the path of a file, or move the directory away";
        }
        if (refusal == Refusal.NOT_A_DIRECTORY) {
            Path notDirectory = firstNonDirectoryAbove(file);
            return notDirectory != null
                    ? notDirectory + " is a file, not a directory, so nothing can be reached through it; fix the path"
                    : "a part of the path " + file + " is not a directory; fix the path";
        }
        if (refusal == Refusal.NOT_PERMITTED) {
            String sticky = stickyDirectoryCause(failure, file, directory);
            return (sticky == null ? "the system refused this whatever the permissions: " : sticky + "; else ")
                    + file + " or " + directory + " may be"
                    + " immutable or append-only (lsattr shows an i or a; root clears it with chattr -i or chattr -a),"
                    + " or its file system does not allow this operation; clear the flag or use another location,"
                    + " then try again";
        }
        return "try again once the cause is fixed";
    }

    /**
     * In a sticky directory (such as {@code /tmp}) {@code EPERM} on a rename or an unlink means that
     * the name replaced or removed belongs to another user: only its owner (the directory's owner, or
     * root) may replace or remove it. Names the files of the failure that another user owns; reads
     * attributes only on this failure path.
     *
     * @return the cause and what to do, or {@code null} when the directory is not sticky or cannot be read
     */
    private static String stickyDirectoryCause(IOException failure, Path file, Path directory) {
        if (directory == null || !directory.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return null;
        }
        int mode;
        try {
            mode = (Integer) Files.getAttribute(directory, "unix:mode");
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        if ((mode & OwnerGroupMode.STICKY) == 0) {
            return null;
        }
        Set<Path> involved = new LinkedHashSet<>();
        if (failure instanceof FileSystemException) {
            FileSystemException named = (FileSystemException) failure;
            // A rename's destination is the name replaced; its source, or an unlinked file, the name removed.
            for (String name : new String[] {named.getOtherFile(), named.getFile()}) {
                if (name != null) {
                    involved.add(directory.getFileSystem().getPath(name).toAbsolutePath());
                }
            }
        }
        involved.add(file.toAbsolutePath());
        List<String> othersFiles = new ArrayList<>();
        for (Path name : involved) {
            try {
                int owner = (Integer) Files.getAttribute(name, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                if (owner != ThisProcess.uid()) {
                    othersFiles.add(name + " (owned by uid " + owner + ")");
                }
            } catch (IOException | RuntimeException gone) {
                // Not there (any more): not the name refused.
            }
        }
        return directory + " is a sticky directory (mode " + String.format(Locale.ROOT, "%04o", mode & 07777)
                + "), where a name belongs to the user who created it: "
                + (othersFiles.isEmpty() ? "the name replaced or removed may be another user's"
                        : String.join(" and ", othersFiles) + (othersFiles.size() == 1 ? " is" : " are") + " another user's")
                + ", and only its owner may replace or remove it; remove it as that user or root, or write elsewhere";
    }

    /** The first ancestor of a path that exists and is not a directory; stats only on this failure path. */
    private static Path firstNonDirectoryAbove(Path file) {
        Path absolute = file.toAbsolutePath();
        Path root = absolute.getRoot();
        Path current = root;
        for (Path name : root == null ? absolute : root.relativize(absolute)) {
            current = current == null ? name : current.resolve(name);
            if (current.equals(absolute)) {
                return null;
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current)) {
                return current;
            }
        }
        return null;
    }

    /**
     * Tells whether a failure, or anything in its cause chain, reports a full disk, an exceeded
     * quota, a read-only file system or a file too large.
     *
     * @param failure the failure
     * @return {@code true} for those reasons
     */
    public static boolean hasPermanentReason(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (mentionsPermanentReason(reasonOf(t))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsPermanentReason(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String reason : PERMANENT_REASONS) {
            if (lower.contains(reason)) {
                return true;
            }
        }
        return false;
    }
}
