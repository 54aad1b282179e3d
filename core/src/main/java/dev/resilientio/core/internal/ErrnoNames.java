package dev.resilientio.core.internal;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names the errno behind an IO failure ({@code ENOSPC}, {@code EROFS}, ...) for records a person or a
 * script reads later, such as a recovery file's description. The JDK keeps only the system's wording
 * ({@code strerror}) as a {@link java.nio.file.FileSystemException}'s reason, or turns a few errnos
 * into exception types; this reads both back, through the cause chain. Thread-safe.
 */
public final class ErrnoNames {

    /** Linux's wording of each errno a file operation commonly meets, lower-cased, with its name. */
    private static final Map<String, String> WORDING = Map.ofEntries(
            Map.entry("no space left on device", "ENOSPC"),
            Map.entry("disk quota exceeded", "EDQUOT"),
            Map.entry("read-only file system", "EROFS"),
            Map.entry("file too large", "EFBIG"),
            Map.entry("file name too long", "ENAMETOOLONG"),
            Map.entry("operation not permitted", "EPERM"),
            Map.entry("permission denied", "EACCES"),
            Map.entry("is a directory", "EISDIR"),
            Map.entry("not a directory", "ENOTDIR"),
            Map.entry("no such file or directory", "ENOENT"),
            Map.entry("file exists", "EEXIST"),
            Map.entry("directory not empty", "ENOTEMPTY"),
            Map.entry("input/output error", "EIO"),
            Map.entry("device or resource busy", "EBUSY"),
            Map.entry("text file busy", "ETXTBSY"),
            Map.entry("resource temporarily unavailable", "EAGAIN"),
            Map.entry("interrupted system call", "EINTR"),
            Map.entry("stale file handle", "ESTALE"),
            Map.entry("invalid cross-device link", "EXDEV"),
            Map.entry("too many levels of symbolic links", "ELOOP"),
            Map.entry("too many open files", "EMFILE"),
            Map.entry("too many open files in system", "ENFILE"),
            Map.entry("not enough space on the disk", "ENOSPC"),
            Map.entry("the disk is full", "ENOSPC"));
    /** Longest wording first, so "too many open files in system" is not read as "too many open files". */
    private static final List<Map.Entry<String, String>> BY_LENGTH = WORDING.entrySet().stream()
            .sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList();
    /** An errno name standing alone in a reason, as some libraries and the engine's own messages write it. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w/.-])(E[A-Z]{2,14})(?![\\w/.-])");

    private ErrnoNames() {
    }

    /**
     * Returns the errno name a failure reports, looking through its causes.
     *
     * @param failure the failure
     * @return such as {@code ENOSPC}, or {@code null} when no cause says which
     */
    public static String of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            String reason = IoErrors.reasonOf(t);
            if (reason != null) {
                String lower = reason.toLowerCase(Locale.ROOT);
                for (Map.Entry<String, String> wording : BY_LENGTH) {
                    if (lower.contains(wording.getKey())) {
                        return wording.getValue();
                    }
                }
                var named = NAME.matcher(reason);
                if (named.find() && WORDING.containsValue(named.group(1))) {
                    return named.group(1);
                }
            }
            String byType = byType(t);
            if (byType != null) {
                return byType;
            }
        }
        return null;
    }

    private static String byType(Throwable failure) {
        if (failure instanceof NoSuchFileException) {
            return "ENOENT";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "EEXIST";
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return "ENOTEMPTY";
        }
        if (failure instanceof NotDirectoryException) {
            return "ENOTDIR";
        }
        if (failure instanceof FileSystemLoopException) {
            return "ELOOP";
        }
        if (failure instanceof NotLinkException) {
            return "EINVAL";
        }
        if (failure instanceof AccessDeniedException && !(failure instanceof RefusedFileException)) {
            return "EACCES";
        }
        return null;
    }
}
