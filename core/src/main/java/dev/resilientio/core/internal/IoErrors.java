package dev.resilientio.core.internal;

import dev.resilientio.core.TransientIoClassifier;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Gives the engine's own IO errors the target, the step and what to do, keeping their type and reason. */
public final class IoErrors {

    /**
     * Starts the context this class adds to a reason; what follows names files and gives advice, so
     * the classifier must not read it.
     */
    public static final String CONTEXT_MARKER = " (while ";

    private IoErrors() {
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

    private static FileSystemException sameType(FileSystemException original, String reason) {
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
        if (TransientIoClassifier.hasPermanentReason(failure)) {
            return "free space or lift the restriction on the file system of " + directory + ", then try again";
        }
        return "try again once the cause is fixed";
    }
}
