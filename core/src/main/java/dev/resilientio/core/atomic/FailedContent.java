package dev.resilientio.core.atomic;

import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.internal.EngineClock;
import dev.resilientio.core.internal.ErrnoNames;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.lock.LiveWrite;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The complete content of an atomic write whose commit failed, held until the call's outcome is
 * known: a later attempt that runs the write again {@link #discard()}s it; a call that finally fails
 * {@link #keepFor keeps} it as a recovery file. It is the failed attempt's temp, left in place (not
 * renamed or copied until kept, marked live so no cleanup takes it), or, for the engine's own writes
 * of bytes it holds, those bytes. Not thread-safe: one call owns it.
 */
public final class FailedContent {

    private static final LazyLogger LOG = new LazyLogger(FailedContent.class);
    private static final String SETTING = "RESILIENT_IO_ATOMIC_RECOVERY_DIR (resilientio.atomic.recovery-dir)";
    /** The engine's clock, so that a test's installed {@link dev.resilientio.core.EngineTime} dates the description. */
    private static final Clock CLOCK = EngineClock.INSTANCE;

    /** The resolved target whose write failed. */
    final Path target;
    /** The temp still holding the content, or {@code null}. */
    private CreatedFile temp;
    /** Whether the temp may be a body's own new file in place of the one created. */
    final boolean replacementAllowed;
    private LiveWrite live;
    /** The bytes the engine tried to write, or {@code null} for a body's own content. */
    final byte[] bytes;

    private FailedContent(Path target, CreatedFile temp, boolean replacementAllowed, LiveWrite live, byte[] bytes) {
        this.target = target;
        this.temp = temp;
        this.replacementAllowed = replacementAllowed;
        this.live = live;
        this.bytes = bytes;
    }

    static FailedContent ofTemp(Path target, CreatedFile temp, boolean replacementAllowed, LiveWrite live, byte[] bytes) {
        return new FailedContent(target, temp, replacementAllowed, live, bytes);
    }

    static FailedContent ofBytes(Path target, byte[] bytes) {
        return new FailedContent(target, null, false, null, bytes);
    }

    /** The temp holding the content, or {@code null} once it was moved or when there is none. */
    CreatedFile temp() {
        return temp;
    }

    /** The temp's name no longer holds the content: it was renamed (to become the recovery file, or found foreign). */
    void tempMoved() {
        CreatedFile moved = temp;
        temp = null;
        closeQuietly(moved);
    }

    private void closeQuietly(CreatedFile file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("Could not close the temp file {} of {}: {}", file.path(), target, e.toString());
        }
    }

    /**
     * Drops the content: deletes the kept temp (only when its name still holds the file this write
     * created or a body's own replacement, never another user's file) and ends its live mark. Never throws.
     */
    public void discard() {
        CreatedFile kept = temp;
        temp = null;
        try {
            if (kept != null) {
                closeQuietly(kept);
                kept.check(replacementAllowed);
                Files.deleteIfExists(kept.path());
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the temp file {} of {}; a later write will remove it: {}",
                    kept.path(), target, e.toString());
        } finally {
            if (live != null) {
                live.close();
                live = null;
            }
        }
    }

    /**
     * Keeps the content as a recovery file for a call that finally failed, and returns the exception
     * the caller is to see: the failure with a message that names the recovery file, and a
     * {@link RecoveryFileNotice} suppressed. When the recovery file cannot be written, the failure
     * itself, with that failure suppressed and an ERROR logged that names what was lost and the
     * setting to use. Discards the content either way.
     *
     * @param failure the call's final failure
     * @param operation the operation name
     * @param givenTarget the target as the caller named it
     * @param attempts the attempts of the call that ran the write
     * @param settings where recovery files go and whether they are synced
     * @return the exception to throw
     */
    public Throwable keepFor(Throwable failure, String operation, Path givenTarget, int attempts, AtomicSettings settings) {
        RecoveryFileWriter.Kept kept;
        try {
            kept = RecoveryFileWriter.write(this, settings, new RecoveryFileWriter.Description(CLOCK.instant(), operation,
                    givenTarget, failure, attempts));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            Path directory = settings.recoveryDir() != null ? settings.recoveryDir() : target.getParent();
            LOG.error("{} could not write {} and could not keep the content it failed to write{} as a recovery file in"
                    + " {}: {}. That content is lost. {}", operation, givenTarget,
                    bytes != null ? " (" + bytes.length + " bytes)" : "", directory, e.toString(), advice(e));
            return failure;
        } finally {
            discard();
        }
        RecoveryFileNotice notice = new RecoveryFileNotice(kept.file(), kept.description());
        if (kept.failure() != null) {
            failure.addSuppressed(kept.failure());
        }
        LOG.warn("{} could not write {}; {}", operation, givenTarget, notice.getMessage());
        return naming(failure, notice, givenTarget);
    }

    /** What to do so that the next recovery file is kept, for the error the keeping failed with. */
    static String advice(Throwable keeping) {
        String errno = ErrnoNames.of(keeping);
        if ("ENOSPC".equals(errno) || "EDQUOT".equals(errno)) {
            return "Set " + SETTING + " to a directory with free space, on another file system, to keep it next time.";
        }
        if (keeping instanceof RefusedFileException) {
            return "The failure above names what was found there and what to do; or set " + SETTING
                    + " to a directory only this process's user may write.";
        }
        if ("EPERM".equals(errno) || "EACCES".equals(errno)
                || "EISDIR".equals(errno) || "ENOTDIR".equals(errno) || "ELOOP".equals(errno)) {
            return "Something this process may not replace or did not write is in the way, at the name given above"
                    + " (another user may have put it there): remove it if it is not needed, or set " + SETTING
                    + " to a directory only this process's user may write.";
        }
        return "Fix the cause given above, or set " + SETTING + " to another directory, to keep it next time.";
    }

    /**
     * The failure as the caller sees it: for a file-system error (the engine's own, always, since
     * content is kept only when the body completed), one of the same type whose reason ends with the
     * notice's message; for another type the failure itself. The notice is suppressed on either.
     */
    private static Throwable naming(Throwable failure, RecoveryFileNotice notice, Path target) {
        Throwable named = null;
        if (failure instanceof FileSystemException) {
            FileSystemException original = (FileSystemException) failure;
            String reason = original.getReason() == null ? failure.getClass().getSimpleName() : original.getReason();
            // Text after the marker names files and gives advice: the classifier never reads it.
            reason += (reason.contains(IoErrors.CONTEXT_MARKER) ? "" : IoErrors.CONTEXT_MARKER + "writing " + target + ")")
                    + "; " + notice.getMessage();
            named = IoErrors.sameType(original, reason);
        } else if (failure.getClass() == IOException.class) {
            named = new IOException(failure.getMessage() + "; " + notice.getMessage());
        }
        if (named == null) {
            failure.addSuppressed(notice);
            return failure;
        }
        if (failure.getCause() != null) {
            named.initCause(failure.getCause());
        }
        named.setStackTrace(failure.getStackTrace());
        for (Throwable earlier : failure.getSuppressed()) {
            named.addSuppressed(earlier);
        }
        named.addSuppressed(notice);
        return named;
    }
}
