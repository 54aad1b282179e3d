package dev.resilientio.core.retry;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.internal.CorruptContent;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.WrappedIoErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.List;
import java.util.Locale;

/**
 * Tells transient file errors, worth another attempt, from permanent ones that no retry can fix.
 *
 * <p>{@link IOException}s are transient except: a missing file or directory, a file that exists
 * where it must not, a link problem, access denied (transient on Windows only, where it usually
 * means another process has the file open), bad character encoding, interruption, corrupt data
 * ({@link FileCorruptionException}), an open circuit breaker ({@link FileCircuitOpenException}), a lock
 * across hosts lost before the commit ({@link FileLockLostException}), any
 * error whose reason is disk full, quota exceeded, read-only
 * file system, file too large or file name too long, and any error whose reason is "Is a directory"
 * ({@code EISDIR}: a directory where a file was expected), "Not a directory" ({@code ENOTDIR}, or a
 * {@link NotDirectoryException}: a file where a directory was expected, such as a path through a
 * regular file) or "Operation not permitted" ({@code EPERM}: an immutable or append-only file, or
 * an operation the file system refuses whatever the permissions). The JDK reports these last three
 * as a plain {@link FileSystemException} with that reason, so the reason decides, not the type.
 *
 * <p>An IO error that a library wrapped is classified by the IO error inside: an
 * {@link java.io.UncheckedIOException}, Jackson 3's {@code JacksonIOException}, Jackson 2's
 * {@code JsonMappingException}, a {@link java.util.concurrent.CompletionException}, an
 * {@link java.util.concurrent.ExecutionException}, an
 * {@link java.lang.reflect.UndeclaredThrowableException} or an
 * {@link java.lang.reflect.InvocationTargetException}, nested up to 8 deep; so a busy file met by
 * {@code mapper.writeValue(file, x)} is transient, and a missing one permanent, as when met by
 * {@code Files.write}. Such a wrapper with no IO error inside is permanent (for Jackson 2's
 * {@code JsonMappingException}, an {@code IOException} itself, that means a content or mapping
 * error). Any other exception that merely has an IO error as its cause (a {@code RuntimeException}
 * built around one, say) is not unwrapped: its thrower chose what it means, often a bug. Everything
 * else that is not an {@code IOException} (runtime exceptions, errors) is permanent. Immutable and
 * thread-safe.
 *
 * <p>Content that is corrupt is permanent too, as {@code @RecoverFromBackup} counts it: an
 * {@link java.io.EOFException} (content cut short) and Jackson 2's parse and binding errors
 * ({@code JsonProcessingException} and subclasses, {@code IOException}s themselves), also wrapped.
 */
public final class TransientIoClassifier {

    private static final List<Class<? extends Throwable>> PERMANENT_TYPES = List.of(
            NoSuchFileException.class,
            FileNotFoundException.class,
            FileAlreadyExistsException.class,
            NotDirectoryException.class,
            DirectoryNotEmptyException.class,
            NotLinkException.class,
            FileSystemLoopException.class,
            CharacterCodingException.class,
            InterruptedIOException.class,
            ClosedByInterruptException.class,
            FileCorruptionException.class,
            FileCircuitOpenException.class,
            FileLockLostException.class);

    private static final TransientIoClassifier CURRENT_OS =
            new TransientIoClassifier(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));

    private final boolean windows;

    private TransientIoClassifier(boolean windows) {
        this.windows = windows;
    }

    /**
     * Returns the classifier for the operating system this JVM runs on.
     *
     * @return the shared instance
     */
    public static TransientIoClassifier forCurrentOs() {
        return CURRENT_OS;
    }

    /**
     * Returns a classifier with the rules of Windows or of other systems, for tests and tools.
     *
     * @param windows whether to apply the Windows rules (access denied is transient)
     * @return a classifier
     */
    public static TransientIoClassifier forOs(boolean windows) {
        return new TransientIoClassifier(windows);
    }

    /**
     * Decides whether a failure is transient; a wrapper of an IO error is judged by that IO error.
     *
     * @param failure the failure, as the body threw it
     * @return {@code true} when another attempt may succeed
     */
    public boolean isTransient(Throwable failure) {
        if (CorruptContent.isCorrupt(failure) || CorruptContent.isMappingMistake(failure)) {
            return false;
        }
        IOException inside = WrappedIoErrors.ioErrorInside(failure);
        if (inside != null) {
            return isTransient(inside);
        }
        if (!(failure instanceof IOException) || WrappedIoErrors.isWrapper(failure)) {
            return false;
        }
        for (Class<? extends Throwable> type : PERMANENT_TYPES) {
            if (type.isInstance(failure)) {
                return false;
            }
        }
        if (failure instanceof AccessDeniedException) {
            return windows;
        }
        if (failure instanceof FileLockTimeoutException) {
            return true;
        }
        return !hasPermanentReason(failure) && IoErrors.refusal(failure) == null;
    }

    /**
     * Tells whether a failure, or anything in its cause chain, reports a full disk, an exceeded
     * quota, a read-only file system or a file too large.
     *
     * @param failure the failure
     * @return {@code true} for those reasons
     */
    public static boolean hasPermanentReason(Throwable failure) {
        return IoErrors.hasPermanentReason(failure);
    }
}
