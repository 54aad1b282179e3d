package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the method's write to its target file all-or-nothing.
 *
 * <p>The method's target parameter ({@code Path}, {@code File} or {@code String}) is replaced by a
 * new temp file {@code .<name>.<host>-<pid>-<random>.tmp} in the target's directory (the host and
 * process id let a later writer remove a crashed writer's leftover, never a live writer's temp). Only when the method returns
 * normally is the temp made durable and moved over the target in one atomic rename, so readers see
 * the old file or the new one, never a mix, and a crash at any moment leaves one of them. When the
 * method throws, the temp is deleted, the target is untouched and the exception propagates
 * unchanged. The target's permissions are kept; a symlinked target keeps its link.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AtomicWrite {

    /**
     * How many previous versions to keep as {@code <name>.backup}, {@code <name>.backup.1}, ...,
     * newest first, for recovery from a corrupted file.
     *
     * @return a whole number from 0 to 100; default {@code -1}, meaning
     *     {@code RESILIENT_IO_ATOMIC_BACKUPS}, built-in default {@code 0}
     */
    int backups() default -1;

    /**
     * Whether the temp file starts as a copy of the current target, for appends and in-place
     * edits; otherwise it starts empty.
     *
     * @return whether to copy the target first; default {@code false}
     */
    boolean copyExisting() default false;

    /**
     * Whether the new content is fsynced before the call returns.
     *
     * @return the durability; default {@link Durability#DEFAULT}, meaning
     *     {@code RESILIENT_IO_ATOMIC_DURABILITY}, built-in default {@link Durability#FSYNC}
     */
    Durability durability() default Durability.DEFAULT;

    /**
     * Whether content that could not be written is kept as a recovery file: when the method returned
     * normally (its content is complete) but the write finally failed (retries exhausted, a permanent
     * error such as a full disk, a lost lock), the content is kept as {@code <name>.failed} beside the
     * target, or in {@code RESILIENT_IO_ATOMIC_RECOVERY_DIR}, described by {@code <name>.failed.json},
     * and the exception names it. Nothing is kept when the method itself throws.
     *
     * <p>{@code true} turns it on for this method whatever {@code RESILIENT_IO_ATOMIC_KEEP_FAILED}
     * says (only the operation's own variable, {@code RESILIENT_IO_<NAME>_ATOMIC_KEEP_FAILED}, still
     * wins, as for every attribute); {@code false} says nothing, so the configuration decides.
     *
     * @return whether to keep failed content; default {@code false}, meaning
     *     {@code RESILIENT_IO_ATOMIC_KEEP_FAILED}, built-in default {@code false}
     */
    boolean keepFailed() default false;
}
