package dev.resilientio.core;

import dev.resilientio.core.GroupCommit.State;
import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.pipeline.Call;
import dev.resilientio.core.pipeline.CallOutcomes;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.retry.RetrySettings;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.function.UnaryOperator;

/** One caller's update in a {@link GroupCommit}, and what its batch made of it. */
final class GroupMember<T> {
    final Pipeline pipeline;
    final String name;
    final Path file;
    final IoFunction<InputStream, T> parser;
    final T initial;
    final UnaryOperator<T> change;
    final IoFunction<? super T, byte[]> serializer;
    /** The update as its own call: run when it updates alone. */
    final Call alone;
    final long start;
    State state;
    /** Signalled when its state changes, under its queue's lock; {@code null} unless it was queued. */
    Condition changed;
    /** Woken at the end of its batch and not yet out of its wait. */
    boolean leaving;
    /** Its outcome in the latest attempt of its batch: DONE, FAILED or ALONE; {@code null} before. */
    State outcome;
    T result;
    Throwable failure;
    int attempts;
    /** Whether the value its change got was read from a backup. */
    boolean recovered;

    GroupMember(Pipeline pipeline, String name, Path file, IoFunction<InputStream, T> parser, T initial,
            UnaryOperator<T> change, IoFunction<? super T, byte[]> serializer) {
        this.pipeline = pipeline;
        this.name = name;
        this.file = file;
        this.parser = parser;
        this.initial = initial;
        this.change = change;
        this.serializer = serializer;
        this.alone = FileOperation.updateAlone(pipeline, name, file, parser, initial, change, serializer);
        this.start = alone.time().nanoTime();
    }

    /**
     * Applies the leader's own change, first in each attempt of its batch, exactly as its update
     * alone would: on the file read with recovery from backups; what it throws fails the attempt,
     * for the retry, the circuit breaker and the caller to see as without group commit.
     *
     * @return the content after its change
     * @throws IOException when the file cannot be read or is corrupt, or its serializer throws one
     */
    byte[] lead(Call call) throws IOException {
        attempts = call.attempts();
        T current;
        try {
            RecoveringReader.Source<T> read = RecoveringReader.readFrom(call.resolvedTarget(), parser, name);
            current = read.value();
            recovered = read.recovered();
        } catch (NoSuchFileException missing) {
            current = initial;
            recovered = false;
        }
        T next = change.apply(current);
        byte[] written = serialized(next);
        result = next;
        outcome = State.DONE;
        return written;
    }

    /**
     * Applies a member's change after the leader's, on the leader's thread: to the content the
     * change before it wrote, parsed by its own parser. What fails fails this member only.
     *
     * @param content what the changes before it in this attempt wrote
     * @return the content after its change, or {@code null} when its part failed
     */
    byte[] follow(Call call, byte[] content) {
        attempts = call.attempts();
        result = null;
        failure = null;
        T current;
        try {
            current = parser.apply(new ByteArrayInputStream(content));
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (Throwable rejected) {
            // Its own read of the file, with recovery from backups, decides what it gets.
            return ends(State.ALONE, null);
        }
        T next;
        byte[] written;
        try {
            next = change.apply(current);
            written = serialized(next);
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (Throwable failed) {
            return ends(retried(failed) ? State.ALONE : State.FAILED, failed);
        }
        result = next;
        outcome = State.DONE;
        return written;
    }

    private byte[] serialized(T value) throws IOException {
        byte[] written = serializer.apply(value);
        if (written == null) {
            throw new NullPointerException("The serializer of an update of " + file + " (" + name
                    + ") returned null; return the file's new content as bytes");
        }
        return written;
    }

    /** Ends its part: FAILED with its failure; ALONE with the failure its own retry takes up, or none. */
    private byte[] ends(State how, Throwable why) {
        outcome = how;
        failure = why;
        return null;
    }

    /** Whether its own call would make another attempt after this failure. */
    private boolean retried(Throwable failed) {
        RetrySettings retry = pipeline.settings().retry();
        return retry.maxAttempts() > 1 && retry.shouldRetry(failed);
    }

    /** How long it waits for its change to be taken: the lock timeout, or the deadline if shorter. */
    long patienceNanos() {
        OperationSettings settings = pipeline.settings();
        long nanos = saturatedNanos(settings.lockTimeout());
        return settings.maxDuration() == null ? nanos : Math.min(nanos, saturatedNanos(settings.maxDuration()));
    }

    InterruptedIOException interrupted(InterruptedException cause) {
        InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting to update " + file
                + " (" + name + ") after other threads of this JVM updating it; this call changed nothing and the"
                + " thread's interrupt flag is set. Call it again if the interruption was not meant to cancel it.");
        interrupted.initCause(cause);
        return interrupted;
    }

    /** Returns its result or throws its failure, once its batch has ended; or runs it alone. */
    T end() throws IOException {
        if (state == State.ALONE) {
            if (failure != null) {
                // Its change failed in another thread's batch: that was its first attempt, logged and retried as one.
                alone.failedBefore(failure);
            }
            return FileOperation.run(alone);
        }
        if (Events.on()) {
            long nanos = alone.time().nanoTime() - start;
            if (state == State.DONE) {
                CallOutcomes.succeeded(name, file, attempts, nanos);
            } else {
                CallOutcomes.failed(name, file, attempts, failure, nanos);
            }
        }
        if (state == State.DONE) {
            return result;
        }
        throw FileOperation.<RuntimeException>unchanged(failure);
    }

    private static long saturatedNanos(java.time.Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
