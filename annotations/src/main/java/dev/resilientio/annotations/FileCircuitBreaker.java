package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Passes each attempt of the method through a circuit breaker: after {@code failureThreshold}
 * consecutive failures that say the place is unwell (transient IO errors, disk full, read-only file
 * system) the breaker opens, and calls fail at once with {@code dev.resilientio.core.FileCircuitOpenException},
 * an {@code IOException} that is never retried, until {@code openDuration} has passed; then
 * {@code halfOpenMaxCalls} trial calls at a time are let through, {@code successThreshold}
 * successful ones close it and any failed one opens it again. A missing file, access denied, a lock
 * timeout or an exception of the method's own code does not count.
 *
 * <p>One breaker per name per JVM, shared by every method and operation that names it. Its settings
 * come from its own name's variables ({@code RESILIENT_IO_<NAME>_CIRCUIT_BREAKER_FAILURE_THRESHOLD}
 * and so on), then these attributes, then the global variables
 * ({@code RESILIENT_IO_CIRCUIT_BREAKER_FAILURE_THRESHOLD}), then the defaults; methods that share a
 * breaker must agree on their attributes. Inside {@link RetryFileOperation}: each attempt passes
 * through the breaker, and an open breaker ends the retries at once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FileCircuitBreaker {

    /**
     * The breaker's name; methods and operations that name one breaker share it.
     *
     * @return a name; default {@code ""}, meaning the operation name (such as {@code TaskStore.save})
     */
    String name() default "";

    /**
     * Consecutive counted failures that open the breaker, from 1 to 10000.
     *
     * @return a count; default {@code -1}, meaning {@code RESILIENT_IO_CIRCUIT_BREAKER_FAILURE_THRESHOLD},
     *     built-in default 5
     */
    int failureThreshold() default -1;

    /**
     * Successful trial calls that close the breaker again, from 1 to 10000.
     *
     * @return a count; default {@code -1}, meaning {@code RESILIENT_IO_CIRCUIT_BREAKER_SUCCESS_THRESHOLD},
     *     built-in default 2
     */
    int successThreshold() default -1;

    /**
     * How long the breaker stays open before it lets trial calls through, as a duration such as
     * {@code "60s"} or {@code "PT1M"}, more than 0 and at most 24h.
     *
     * @return a duration; default {@code ""}, meaning {@code RESILIENT_IO_CIRCUIT_BREAKER_OPEN_DURATION},
     *     built-in default {@code 60s}
     */
    String openDuration() default "";

    /**
     * Trial calls let through at once while the breaker is half-open, from 1 to 10000; a call over
     * that limit is refused as by an open breaker.
     *
     * @return a count; default {@code -1}, meaning {@code RESILIENT_IO_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS},
     *     built-in default 1
     */
    int halfOpenMaxCalls() default -1;
}
