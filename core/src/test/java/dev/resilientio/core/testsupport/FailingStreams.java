package dev.resilientio.core.testsupport;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Output streams that fail the way a busy or broken device makes them fail, for code that hands a
 * stream to a library (Jackson's {@code writeValue}) and lets the library meet the error: each
 * stream made by {@link #over} takes the next scripted IO error, if any, and throws it on every
 * write; once the script runs out, streams write through. Counts the streams made, which is how a
 * test sees how often the code under test ran. Thread-safe; each stream is for one thread.
 */
public final class FailingStreams {

    private final Deque<IOException> pending = new ArrayDeque<>();
    private int made;

    /**
     * Queues failures for the next streams, one each.
     *
     * @param failures what the writes of those streams throw, as they are
     * @return this
     */
    public synchronized FailingStreams thenFail(IOException... failures) {
        for (IOException failure : failures) {
            pending.add(failure);
        }
        return this;
    }

    /**
     * Wraps a stream: its writes throw the next queued failure, or go through when none is left.
     *
     * @param target the stream written to when no failure is queued
     * @return the stream to hand to the code under test
     */
    public OutputStream over(OutputStream target) {
        IOException failure;
        synchronized (this) {
            made++;
            failure = pending.poll();
        }
        if (failure == null) {
            return target;
        }
        return new FilterOutputStream(target) {
            @Override
            public void write(int b) throws IOException {
                throw failure;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw failure;
            }
        };
    }

    /**
     * Returns how many streams were made so far.
     *
     * @return the count
     */
    public synchronized int made() {
        return made;
    }
}
