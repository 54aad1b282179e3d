package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retries the method with exponential backoff and jitter when it fails with a transient file
 * error, and fails at once on errors no retry can fix.
 *
 * <p>Without {@link #retryOn()}, {@code IOException}s are retried except the permanent ones
 * (missing file, access denied, disk full, read-only file system, corrupt data, interruption, and
 * the others listed in the design); runtime exceptions and errors are never retried, except the
 * wrappers libraries put around an IO error ({@code UncheckedIOException}, Jackson 3's
 * {@code JacksonIOException} and the like), which are classified by the IO error inside, so a
 * {@code mapper.writeValue(file, x)} meeting a busy file is retried like {@code Files.write}. When all
 * attempts fail, the last exception is rethrown unchanged with the earlier ones attached as
 * suppressed. Each retry is logged at WARN. A call made while the same thread is already inside a
 * retrying operation runs once: the outermost operation owns the attempts.
 *
 * <p>Every attribute left at its default takes its value from configuration; a per-operation
 * variable ({@code RESILIENT_IO_<NAME>_RETRY_...}) wins over the attribute.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RetryFileOperation {

    /**
     * The operation name, used in logs and to find per-operation configuration
     * ({@code RESILIENT_IO_<NAME>_...}, where {@code <NAME>} is this name upper-cased with every
     * character other than a letter or digit replaced by {@code _}).
     *
     * @return the operation name; default {@code ""}, meaning {@code SimpleClassName.method}
     */
    String name() default "";

    /**
     * Total attempts, the first call included; {@code 1} means no retry.
     *
     * @return a whole number &gt;= 1; default {@code -1}, meaning
     *     {@code RESILIENT_IO_RETRY_MAX_ATTEMPTS}, built-in default {@code 3}
     */
    int maxAttempts() default -1;

    /**
     * Delay before the second attempt, as a duration such as {@code "100ms"}, {@code "1.5s"} or
     * {@code "PT0.25S"}.
     *
     * @return a duration; default {@code ""}, meaning {@code RESILIENT_IO_RETRY_INITIAL_DELAY},
     *     built-in default {@code 100ms}
     */
    String initialDelay() default "";

    /**
     * Cap on any one delay.
     *
     * @return a duration no shorter than the initial delay; default {@code ""}, meaning
     *     {@code RESILIENT_IO_RETRY_MAX_DELAY}, built-in default {@code 10s}
     */
    String maxDelay() default "";

    /**
     * Growth of the delay: delay {@code n} is {@code min(maxDelay, initialDelay * multiplier^(n-1))}.
     *
     * @return a number &gt;= 1.0; default {@code -1}, meaning {@code RESILIENT_IO_RETRY_MULTIPLIER},
     *     built-in default {@code 2.0}
     */
    double multiplier() default -1;

    /**
     * Randomisation of each delay {@code d}: the actual delay is uniform in
     * {@code [d * (1 - jitter), d]}, so callers that failed together do not retry together.
     *
     * @return a number from 0.0 to 1.0; default {@code -1}, meaning
     *     {@code RESILIENT_IO_RETRY_JITTER}, built-in default {@code 0.5}
     */
    double jitter() default -1;

    /**
     * When not empty, only these exceptions (and their subclasses) are retried, replacing the
     * built-in transient/permanent classification. A type matches the exception thrown or the IO
     * error inside a wrapper such as {@code UncheckedIOException} or {@code JacksonIOException}.
     *
     * @return exception types to retry; default empty, meaning the built-in classification
     */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * Exceptions (and their subclasses) that are never retried; this wins over {@link #retryOn()}.
     * A type matches the exception thrown or the IO error inside a wrapper, so
     * {@code NoSuchFileException} also aborts an {@code UncheckedIOException} that holds one.
     *
     * @return exception types that fail at once; default empty
     */
    Class<? extends Throwable>[] abortOn() default {};

    /**
     * The deadline of one call: all its attempts, backoffs and lock waits end within it; no attempt
     * starts and no wait extends past it, and the last failure is rethrown. For example {@code "30s"}.
     *
     * @return a duration; default {@code ""}, meaning {@code RESILIENT_IO_RETRY_MAX_DURATION},
     *     built-in default none
     */
    String maxDuration() default "";
}
