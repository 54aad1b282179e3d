package dev.resilientio.core.pipeline;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.atomic.FailedContent;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.ResolvedTarget;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One call through a {@link Pipeline}: its target, resolved once for every policy and attempt, its
 * deadline, the atomic write in progress, and the body at the end. An entry point extends it with
 * its own {@link #body()}. Not thread-safe: one call runs on one thread.
 */
public abstract class Call {

    private final Pipeline pipeline;
    private final Path target;
    private final Path writeTarget;
    private final Path readTarget;
    private final EngineTime time;
    private ResolvedTarget resolvedTarget;
    private ResolvedTarget resolvedWriteTarget;
    private long deadlineNanos;
    private AtomicWriteSession session;
    /** The content of the latest failed write, held for a recovery file until the call's outcome is known. */
    private FailedContent failedContent;
    /** The attempts of this call that ran its atomic write. */
    private int writeAttempts;
    private ResolvedTarget resolvedReadTarget;
    private Path readFrom;
    /** The circuit breaker that was open when the latest attempt failed, or {@code null}. */
    private String openBreaker;
    /** The attempts the retry started; 0 without a retry. */
    private int attempts;
    /** The failure of a first attempt that ran elsewhere, or {@code null}. */
    private Throwable earlierFailure;

    /**
     * Creates a call.
     *
     * @param pipeline the policies it runs through
     * @param target the file it works on, for the lock and for logs; {@code null} when it has none
     * @param writeTarget the file the atomic write replaces; {@code null} when the pipeline has no atomic write
     */
    protected Call(Pipeline pipeline, Path target, Path writeTarget) {
        this(pipeline, target, writeTarget, null);
    }

    /**
     * Creates a call whose body reads a file that recovery from backup may redirect.
     *
     * @param pipeline the policies it runs through
     * @param target the file it works on, for the lock and for logs; {@code null} when it has none
     * @param writeTarget the file the atomic write replaces; {@code null} when the pipeline has no atomic write
     * @param readTarget the file the body reads, whose backups recovery reads instead when it is
     *     corrupt; {@code null} when the pipeline has no recovery from backup
     */
    protected Call(Pipeline pipeline, Path target, Path writeTarget, Path readTarget) {
        this.pipeline = pipeline;
        this.target = target;
        this.writeTarget = writeTarget;
        this.readTarget = readTarget;
        this.time = EngineTime.current();
        this.deadlineNanos = DeadlinePolicy.enclosing();
    }

    /**
     * Runs the call through every policy of its pipeline, then its body.
     *
     * @return the body's result
     * @throws Throwable the body's failure, unchanged, or a policy's (a lock timeout, a failed commit)
     */
    public final Object run() throws Throwable {
        if (!Events.on() || !publishesOutcome()) {
            return pipeline.first().apply(this);
        }
        long start = time.nanoTime();
        // An atomic write alone has no lock target: its event names the file it replaces.
        Path file = target != null ? target : writeTarget;
        Object result;
        try {
            result = pipeline.first().apply(this);
        } catch (Throwable failure) {
            CallOutcomes.failed(operation(), file, attempts, failure, time.nanoTime() - start);
            throw failure;
        }
        CallOutcomes.succeeded(operation(), file, attempts, time.nanoTime() - start);
        return result;
    }

    /**
     * Returns the name of the operation the call belongs to, such as {@code TaskStore.save}.
     *
     * @return the name
     */
    public final String operation() {
        return pipeline.settings().name();
    }

    /**
     * Tells whether {@link #run()} publishes the call's outcome event. A call that runs the work of
     * several callers (a group commit) says no, and each caller publishes its own.
     *
     * @return {@code true}, unless overridden
     */
    protected boolean publishesOutcome() {
        return true;
    }

    /**
     * Returns the attempts the call's retry started so far: the current attempt's number while the
     * body runs, 0 when the pipeline has no retry (then it makes one).
     *
     * @return the attempts started
     */
    public final int attempts() {
        return attempts;
    }

    /**
     * Tells the call that its first attempt already ran elsewhere and failed so (a group commit's
     * member whose change failed inside another thread's batch): its retry logs and retries that
     * failure, or throws it, before any attempt of its own, which then counts from 2. Call before
     * {@link #run()}.
     *
     * @param failure the first attempt's failure
     */
    public final void failedBefore(Throwable failure) {
        earlierFailure = failure;
        attempts = 1;
    }

    /** The failure of a first attempt that ran elsewhere, or {@code null}. */
    Throwable earlierFailure() {
        return earlierFailure;
    }

    /** Counts an attempt that starts now; a pipeline without a retry makes one and counts none. */
    void attemptStarts() {
        attempts++;
    }

    /**
     * Runs the call's own work, once per attempt, inside every policy.
     *
     * @return its result
     * @throws Throwable whatever it throws
     */
    protected abstract Object body() throws Throwable;

    /**
     * Returns the file the call works on, as the caller named it.
     *
     * @return the target, or {@code null}
     */
    public final Path target() {
        return target;
    }

    /**
     * Returns the target resolved, the first time it is asked for, then the same for every step and attempt.
     *
     * @return the resolved target
     * @throws IOException when a link on the way is refused or cannot be read
     */
    public final ResolvedTarget resolvedTarget() throws IOException {
        if (resolvedTarget == null) {
            resolvedTarget = writeTarget != null && writeTarget.equals(target) && resolvedWriteTarget != null
                    ? resolvedWriteTarget : ResolvedTarget.of(target);
        }
        return resolvedTarget;
    }

    /**
     * Returns the file the atomic write replaces, as the caller named it.
     *
     * @return the write target, or {@code null}
     */
    public final Path writeTarget() {
        return writeTarget;
    }

    /**
     * Returns the write target resolved once, like {@link #resolvedTarget()}; the same object when
     * both name one file.
     *
     * @return the resolved write target
     * @throws IOException when a link on the way is refused or cannot be read
     */
    public final ResolvedTarget resolvedWriteTarget() throws IOException {
        if (resolvedWriteTarget == null) {
            resolvedWriteTarget = writeTarget.equals(target) ? resolvedTarget() : ResolvedTarget.of(writeTarget);
        }
        return resolvedWriteTarget;
    }

    /**
     * Returns the file the body writes: the temp of this attempt's atomic write, or, when the write
     * target is itself the temp of an atomic write running around this call (which commits it), that
     * file as it is.
     *
     * @return the file to write
     */
    public final Path file() {
        return session != null ? session.temp() : writeTarget;
    }

    /**
     * Returns the file the body reads, as the caller named it.
     *
     * @return the read target, or {@code null}
     */
    public final Path readTarget() {
        return readTarget;
    }

    /**
     * Returns the read target resolved once, like {@link #resolvedTarget()}; the same object when
     * both name one file.
     *
     * @return the resolved read target
     * @throws IOException when a link on the way is refused or cannot be read
     */
    public final ResolvedTarget resolvedReadTarget() throws IOException {
        if (resolvedReadTarget == null) {
            resolvedReadTarget = readTarget.equals(target) ? resolvedTarget() : ResolvedTarget.of(readTarget);
        }
        return resolvedReadTarget;
    }

    /**
     * Returns the backup the body reads in place of its read target while recovery from backup tries
     * it; the body passes it on as the file it reads.
     *
     * @return the backup being tried, or {@code null} when the body reads its own target
     */
    public final Path readFrom() {
        return readFrom;
    }

    void readFrom(Path backup) {
        readFrom = backup;
    }

    /**
     * Returns the atomic write of this attempt.
     *
     * @return the session whose temp the body writes, or {@code null} outside an atomic write
     */
    public final AtomicWriteSession session() {
        return session;
    }

    void session(AtomicWriteSession value) {
        session = value;
    }

    /** Starts an attempt's atomic write: what an earlier attempt failed to write is superseded. */
    void startWriteAttempt() {
        writeAttempts++;
        discardFailedContent();
    }

    int writeAttempts() {
        return writeAttempts;
    }

    void failedContent(FailedContent content) {
        discardFailedContent();
        failedContent = content;
    }

    FailedContent takeFailedContent() {
        FailedContent content = failedContent;
        failedContent = null;
        return content;
    }

    void discardFailedContent() {
        FailedContent content = takeFailedContent();
        if (content != null) {
            content.discard();
        }
    }

    /** The name of the circuit breaker that was open right after the latest failed attempt, else {@code null}. */
    String openBreaker() {
        return openBreaker;
    }

    void openBreaker(String breaker) {
        openBreaker = breaker;
    }

    /**
     * Returns the time this call waits on: the engine's time when it started.
     *
     * @return the time
     */
    public final EngineTime time() {
        return time;
    }

    /**
     * Returns the call's deadline on {@link #time()}'s clock: its own, or that of a call it runs
     * inside on this thread, whichever comes first.
     *
     * @return the deadline in nanoseconds, or {@link Long#MAX_VALUE} for none
     */
    public final long deadlineNanos() {
        return deadlineNanos;
    }

    void deadlineNanos(long value) {
        deadlineNanos = value;
    }
}
