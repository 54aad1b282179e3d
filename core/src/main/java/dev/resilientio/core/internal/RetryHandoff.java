package dev.resilientio.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread's retrying operations: how many it is inside (an operation started inside one runs once),
 * and what calls nested in the operation that owns the attempts hand to it, to be settled by its
 * outcome: a recovery file's content, kept only if that operation finally fails and discarded when it
 * succeeds. One object per thread, so that a retrying call looks up one thread-local. Not thread-safe.
 */
public final class RetryHandoff {

    /** Content handed up, settled by the owning operation's outcome. */
    public interface Handed {

        /**
         * Keeps the content for the owning operation's final failure.
         *
         * @param failure the failure the operation is to throw
         * @return the exception to throw instead (naming what was kept), or {@code failure}
         */
        Throwable keep(Throwable failure);

        /** Drops the content; never throws. */
        void discard();
    }

    /** The retrying operations on a thread, the one owning attempts, and what was handed to it. */
    public static final class State {
        /** Retrying operations the thread is inside, marks of a coroutine's retry included. */
        private int depth;
        private int owners;
        private Map<Object, Handed> handed;
        /** The number of the woven method's plan whose call owns the attempts, for its attempts after a failure. */
        private int owner;

        private State() {
        }

        /**
         * Tells whether the thread is inside a retrying operation, where operations run once.
         *
         * @return {@code true} inside one
         */
        public boolean retrying() {
            return depth > 0;
        }

        /** Marks the thread as inside one more retrying operation that does not own attempts. */
        public void mark() {
            depth++;
        }

        /** Removes a mark of {@link #mark()}. */
        public void unmark() {
            depth--;
        }

        /** Marks the thread as inside the retrying operation that owns its attempts; see {@link #leave()}. */
        public void enter() {
            depth++;
            owners++;
        }

        /**
         * Marks the thread as inside the retrying operation that owns its attempts, for a call whose
         * first attempt woven code runs itself; the number names what runs the call, for the attempts
         * after a failure. A number, not a reference: this long-lived object is written on every such
         * call, and a reference written there would cost the collector's write barrier each time.
         *
         * @param owner the number of what runs the call
         */
        public void enter(int owner) {
            enter();
            this.owner = owner;
        }

        /**
         * Returns the number given to {@link #enter(int)}.
         *
         * @return the number
         */
        public int owner() {
            return owner;
        }

        /**
         * Ends what {@link #enter()} began: discards whatever was handed and not kept (the operation
         * succeeded, or {@link RetryHandoff#keep} already took it).
         */
        public void leave() {
            depth--;
            owners--;
            if (handed != null && owners == 0) {
                Map<Object, Handed> left = handed;
                handed = null;
                left.values().forEach(Handed::discard);
            }
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private RetryHandoff() {
    }

    /**
     * Returns the calling thread's state.
     *
     * @return the state
     */
    public static State current() {
        return STATE.get();
    }

    /**
     * Keeps what was handed, for the owning operation's final failure.
     *
     * @param state the thread's state
     * @param failure the final failure
     * @return the exception to throw
     */
    public static Throwable keep(State state, Throwable failure) {
        if (state.handed == null || state.owners != 1) {
            return failure;
        }
        Map<Object, Handed> kept = state.handed;
        state.handed = null;
        Throwable thrown = failure;
        for (Handed content : kept.values()) {
            thrown = content.keep(thrown);
        }
        return thrown;
    }

    /**
     * Hands content to the retrying operation owning the attempts on this thread, replacing (and
     * discarding) what was handed earlier under the same key: the newest content per target is kept.
     *
     * @param key what the content is of (the target)
     * @param content the content
     * @return {@code false} when no retrying operation owns attempts here (a Kotlin helper's mark
     *     only): the caller settles the content itself
     */
    public static boolean hand(Object key, Handed content) {
        State state = STATE.get();
        if (state.owners == 0) {
            return false;
        }
        if (state.handed == null) {
            state.handed = new LinkedHashMap<>();
        }
        Handed older = state.handed.put(key, content);
        if (older != null) {
            older.discard();
        }
        return true;
    }
}
