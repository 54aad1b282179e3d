package dev.resilientio.core.breaker;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.WrappedIoErrors;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells the failures that count against a circuit breaker (IO errors that say the place is unwell:
 * the retry's transient ones, a full disk, a read-only file system, each also wrapped by a library)
 * from those that do not (they say the request is wrong, or they are not about the place at all): a
 * missing file, access denied, a lock timeout (contention, not an unwell place), corrupt content,
 * an open breaker further in, and every exception that is not an IO error. Stateless and thread-safe.
 */
final class BreakerFailures {

    private static final List<Class<? extends Throwable>> NOT_COUNTED = List.of(
            NoSuchFileException.class,
            FileNotFoundException.class,
            AccessDeniedException.class,
            FileLockTimeoutException.class,
            FileCircuitOpenException.class,
            FileCorruptionException.class,
            EOFException.class,
            CharacterCodingException.class);

    /** A full disk or quota, a read-only file system: the place cannot take writes, whatever the request. */
    private static final List<String> UNWELL_REASONS = List.of(
            "no space left on device",
            "disk quota exceeded",
            "read-only file system",
            "not enough space on the disk",
            "there is not enough space",
            "the disk is full");
    private static final Pattern UNWELL_ERRNO = Pattern.compile("(?<![\\w/.-])(ENOSPC|EDQUOT|EROFS)(?![\\w/.-])");
    /** Jackson's content errors, by name: core has no Jackson, and a shaded copy ends the same way. */
    private static final List<String> CONTENT_ERRORS = List.of(
            ".jackson.core.JsonProcessingException", ".jackson.core.JacksonException");

    private final TransientIoClassifier classifier;

    BreakerFailures(TransientIoClassifier classifier) {
        this.classifier = classifier;
    }

    /** Whether the failure counts against the breaker; one that does not is neither a failure nor a success. */
    boolean counts(Throwable failure) {
        IOException io = WrappedIoErrors.ioErrorInside(failure);
        if (io == null) {
            if (!(failure instanceof IOException) || WrappedIoErrors.isWrapper(failure)) {
                return false;
            }
            io = (IOException) failure;
        }
        for (Class<? extends Throwable> type : NOT_COUNTED) {
            if (type.isInstance(io)) {
                return false;
            }
        }
        if (isContentError(io)) {
            return false;
        }
        return isFullOrReadOnly(io) || classifier.isTransient(io);
    }

    private static boolean isContentError(Throwable failure) {
        for (Class<?> type = failure.getClass(); type != Throwable.class; type = type.getSuperclass()) {
            for (String name : CONTENT_ERRORS) {
                if (type.getName().endsWith(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isFullOrReadOnly(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            String reason = IoErrors.reasonOf(t);
            if (reason == null) {
                continue;
            }
            String lower = reason.toLowerCase(Locale.ROOT);
            for (String words : UNWELL_REASONS) {
                if (lower.contains(words)) {
                    return true;
                }
            }
            if (UNWELL_ERRNO.matcher(reason).find()) {
                return true;
            }
        }
        return false;
    }
}
