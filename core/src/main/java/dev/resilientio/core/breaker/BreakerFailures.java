package dev.resilientio.core.breaker;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.internal.CorruptContent;
import dev.resilientio.core.internal.ErrnoNames;
import dev.resilientio.core.internal.WrappedIoErrors;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Set;

/**
 * Tells the failures that count against a circuit breaker (IO errors that say the place is unwell:
 * the retry's transient ones, a full disk or quota, a read-only file system, each also wrapped by a
 * library) from those that do not (they say the request is wrong, or they are not about the place at
 * all): a missing file, access denied, a lock timeout (contention, not an unwell place), corrupt
 * content ({@link CorruptContent}'s rule), an open breaker further in, and every exception that is
 * not an IO error. Stateless and thread-safe.
 */
final class BreakerFailures {

    private static final List<Class<? extends Throwable>> NOT_COUNTED = List.of(
            NoSuchFileException.class,
            FileNotFoundException.class,
            AccessDeniedException.class,
            FileLockTimeoutException.class,
            FileCircuitOpenException.class);

    /** A full disk or quota, a read-only file system: the place cannot take writes, whatever the request. */
    private static final Set<String> UNWELL_ERRNOS = Set.of("ENOSPC", "EDQUOT", "EROFS");

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
        if (CorruptContent.isCorrupt(failure)) {
            return false;
        }
        String errno = ErrnoNames.of(io);
        return errno != null && UNWELL_ERRNOS.contains(errno) || classifier.isTransient(io);
    }
}
