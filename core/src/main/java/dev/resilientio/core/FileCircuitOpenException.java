package dev.resilientio.core;

import dev.resilientio.core.rules.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A circuit breaker refused a call: it is open after failures that said the place is unwell, or it
 * is half-open and already lets as many trial calls through as it may. The call failed at once
 * without touching its file. An {@link IOException}, so callers handle it with the file errors it
 * stands for; it is never retried (a retry would only wait out the breaker's open duration in
 * pieces), and its cause is a copy of the failure that opened the breaker
 * ({@link dev.resilientio.core.breaker.OpeningFailure}: its type name, message and stack trace),
 * never that failure itself, which belongs to another call.
 */
public class FileCircuitOpenException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The breaker's name. */
    private final String breaker;
    /** When it opened. */
    private final Instant openSince;
    /** When it lets a trial call through; {@code null} when it is half-open and lets them through already. */
    private final Instant trialAt;
    /** The file of the refused call, as text (a {@code Path} is not serializable); {@code null} for none. */
    private final String target;

    /**
     * Creates the exception for a refused call.
     *
     * @param breaker the breaker's name
     * @param openSince when it opened
     * @param trialAt when it lets a trial call through, or {@code null} when it is half-open and its trial calls are all taken
     * @param target the file of the refused call, or {@code null}
     * @param openedBy the failure that opened it, as the cause (the breaker passes an immutable copy); may be {@code null}
     */
    public FileCircuitOpenException(String breaker, Instant openSince, Instant trialAt, Path target, Throwable openedBy) {
        super(message(breaker, openSince, trialAt, target, openedBy), openedBy);
        this.breaker = breaker;
        this.openSince = openSince;
        this.trialAt = trialAt;
        this.target = target == null ? null : target.toString();
    }

    private static String message(String breaker, Instant openSince, Instant trialAt, Path target, Throwable openedBy) {
        String key = Setting.environmentKey(breaker);
        String what = trialAt != null
                ? "The circuit breaker '" + breaker + "' is open since " + openSince
                : "The circuit breaker '" + breaker + "' is half-open (open since " + openSince + ") and lets as many"
                        + " trial calls through as it may at once";
        String call = target == null ? "this call" : "this call on " + target;
        String when = trialAt != null ? "; it lets a trial call through after " + trialAt
                : "; another call is let through when a trial call ends";
        String why = openedBy == null ? "" : ", opened by " + openedBy;
        return what + why + ", so " + call + " failed at once without touching the file" + when + ". Fix what"
                + " makes the place fail (a mount, a full or read-only disk) and the breaker closes after its trial"
                + " calls succeed; or tune it (" + Setting.ENV_PREFIX + key + "_CIRCUIT_BREAKER_OPEN_DURATION, "
                + Setting.ENV_PREFIX + key + "_CIRCUIT_BREAKER_FAILURE_THRESHOLD), or switch every breaker off with "
                + Setting.CIRCUIT_BREAKER_ENABLED.envName() + "=false.";
    }

    /**
     * Returns the name of the breaker that refused the call.
     *
     * @return the name
     */
    public String breaker() {
        return breaker;
    }

    /**
     * Returns when the breaker opened.
     *
     * @return the instant, on the engine's clock
     */
    public Instant openSince() {
        return openSince;
    }

    /**
     * Returns when the breaker lets a trial call through.
     *
     * @return the instant, or {@code null} when it is half-open and its trial calls are all taken
     */
    public Instant trialAt() {
        return trialAt;
    }

    /**
     * Returns the file of the refused call.
     *
     * @return the path as text, or {@code null} when the call had no file
     */
    public String target() {
        return target;
    }
}
