package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds a lock on the method's target file for the length of the call, excluding other threads of
 * this JVM and other processes.
 *
 * <p>The lock is taken on a sidecar file {@code <name>.lock} beside the target (never deleted),
 * because an atomic write replaces the target's inode. A thread that already holds the lock
 * re-enters it. Asking for {@link LockMode#EXCLUSIVE} while the same thread holds
 * {@link LockMode#SHARED} on the same file fails at once, since it could never be granted. When the
 * lock is not granted within the timeout, the call fails with
 * {@code dev.resilientio.core.FileLockTimeoutException}, an {@code IOException} that
 * {@link RetryFileOperation} retries.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FileLocked {

    /**
     * Shared for readers, exclusive for writers.
     *
     * @return the lock mode; default {@link LockMode#EXCLUSIVE}
     */
    LockMode mode() default LockMode.EXCLUSIVE;

    /**
     * How long to wait for the lock, as a duration such as {@code "5s"} or {@code "PT5S"}.
     *
     * @return a duration; default {@code ""}, meaning {@code RESILIENT_IO_LOCK_TIMEOUT},
     *     built-in default {@code 10s}
     */
    String timeout() default "";

    /**
     * A fixed target file, used when no parameter is marked {@link TargetFile}. {@code ${NAME}} is
     * replaced by the system property {@code NAME}, else the environment variable {@code NAME}.
     *
     * @return a file path; default {@code ""}, meaning the target is found from the parameters or
     *     a {@link TargetFile} member
     */
    String path() default "";
}
