package dev.resilientio.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A lock across hosts was lost before an atomic write under it could commit: the lock service no
 * longer counts it as this holder's (its session ended, say while the process was paused), or a
 * later holder has committed to the target since. The target is left as the newer holder wrote it,
 * and the content of this write is kept as the recovery file when failed content is kept. Never
 * retried: the caller must read the target again and redo its change under a new lock.
 */
public class FileLockLostException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path target;
    /** The fencing token of the lost grant; -1 when it could not be read. */
    private final long token;
    /** What was found, as the message says it. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param target the file whose write was stopped
     * @param token the fencing token of the lost grant, or -1 when unknown
     * @param what what was found, such as {@code "the ZooKeeper session that held the lock expired"}
     * @param cause what reported it, or {@code null}
     */
    public FileLockLostException(Path target, long token, String what, Throwable cause) {
        super("The lock on " + target + " was lost before its atomic write could commit: " + what + ". The target was"
                + " left as it is on disk. Read it again and redo the change under a new lock; when the holder paused"
                + " (a long GC, a stopped VM), give the lock service's session more time"
                + " (RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT).", cause);
        this.target = target;
        this.token = token;
        this.reason = what;
    }

    /**
     * Returns what was found, without the advice the message adds.
     *
     * @return such as {@code "its lock node ... is gone: the ZooKeeper session that held it expired"}
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the message, which names the recovery file when the write's content was kept (a
     * {@link RecoveryFileNotice} suppressed), as the message of every failure that kept its content does.
     *
     * @return the message
     */
    @Override
    public String getMessage() {
        String message = super.getMessage();
        for (Throwable suppressed : getSuppressed()) {
            if (suppressed instanceof RecoveryFileNotice notice) {
                String kept = notice.getMessage();
                return message + " " + Character.toUpperCase(kept.charAt(0)) + kept.substring(1) + ".";
            }
        }
        return message;
    }

    /**
     * Returns the file whose write was stopped.
     *
     * @return the target
     */
    public Path target() {
        return target;
    }

    /**
     * Returns the fencing token of the grant that was lost.
     *
     * @return the token, or -1 when it could not be read
     */
    public long token() {
        return token;
    }
}
