package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reads the method's target file from its backups when its content is corrupt.
 *
 * <p>The method runs on its target parameter ({@code Path}, {@code File} or {@code String}) as
 * usual. When it fails because the content is corrupt ({@code FileCorruptionException},
 * {@code EOFException}, {@code CharacterCodingException}, Jackson 2 and 3 parse and binding errors,
 * any of these wrapped, and the types in {@link #on()}), it is called again with that parameter
 * redirected to {@code <name>.backup}, then {@code <name>.backup.1}, and so on, as
 * {@code @AtomicWrite(backups = N)} keeps them. The first backup it reads without failing gives the
 * call's result, and a WARN names the method, the corrupt file and that backup; when none does, the
 * call throws {@code FileCorruptionException} naming the file and each backup tried, their failures
 * suppressed. With no backup at all, the method's own exception propagates unchanged, and so does
 * any failure that is not corruption (a missing file, an IO error), so that a retry around it may
 * retry it. In a directory other users may write, only a regular file owned by the target's owner
 * or by this process's user is read as a backup.
 *
 * <p>For readers: with {@code @AtomicWrite} on the same method it is a misuse. Runs inside the
 * lock: retry, circuit breaker, lock, recovery from backup.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RecoverFromBackup {

    /**
     * More exception types that mean "this content is corrupt", such as the method's own
     * validation failure; their subclasses too.
     *
     * @return the extra types; default none
     */
    Class<? extends Throwable>[] on() default {};

    /**
     * Whether to put the backup that served back over the corrupt file, atomically and durably,
     * under the exclusive lock: the method's {@code @FileLocked} must then be
     * {@link LockMode#EXCLUSIVE}, or absent, and the call takes the exclusive lock itself.
     *
     * @return whether to restore the backup; default {@code false}
     */
    boolean restore() default false;
}
