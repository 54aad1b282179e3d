package dev.resilientio.core.internal;

import dev.resilientio.core.TransientIoClassifier;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Gives the engine's own IO errors the file, the step and what to do, keeping their reason. */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * Describes a failure of one of the engine's own steps. Exceptions that already name a file
     * ({@link FileSystemException} and its subclasses) are returned unchanged, so their type still
     * tells callers and the classifier what happened; bare {@link IOException}s, which the JDK throws
     * without a file name (a full disk, for example), become a {@link FileSystemException} naming
     * the file and keeping the original message and cause.
     *
     * @param failure the failure
     * @param file the file the step worked on
     * @param step what the engine was doing, such as {@code "writing the temp file for"}
     * @param target the file the caller asked for
     * @return the exception to throw
     */
    public static IOException describe(IOException failure, Path file, String step, Path target) {
        if (failure instanceof FileSystemException || failure.getClass() != IOException.class) {
            return failure;
        }
        String reason = failure.getMessage() + " (while " + step + " " + target + "; "
                + advice(failure, file) + ")";
        FileSystemException described = new FileSystemException(file.toString(), null, reason);
        described.initCause(failure);
        return described;
    }

    private static String advice(IOException failure, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (TransientIoClassifier.hasPermanentReason(failure)) {
            return "the target was left unchanged; free space or lift the restriction on the file system of "
                    + directory + " and try again";
        }
        return "the target was left unchanged";
    }
}
