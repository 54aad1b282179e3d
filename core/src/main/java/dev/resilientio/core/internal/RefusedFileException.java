package dev.resilientio.core.internal;

import java.nio.file.AccessDeniedException;

/**
 * The engine refuses a file for its own reason (a link another user planted, a file that is not a
 * regular file, a file put in place of its temp), which the reason states with what to do. An
 * {@link AccessDeniedException}, so permanent and never retried on Linux and macOS; the engine adds no
 * advice of its own to it.
 */
public class RefusedFileException extends AccessDeniedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the refused file
     * @param other another file involved, or {@code null}
     * @param reason what was found, why it is refused and what to do
     */
    public RefusedFileException(String file, String other, String reason) {
        super(file, other, reason);
    }
}
