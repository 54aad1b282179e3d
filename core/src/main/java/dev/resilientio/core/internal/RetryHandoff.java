package dev.resilientio.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What calls nested in a retrying operation hand to the operation that owns the attempts on this
 * thread, to be settled by its outcome: a recovery file's content, kept only if that operation
 * finally fails and discarded when it succeeds. Per thread; not thread-safe.
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

    /** The retrying operations owning attempts on a thread, and what was handed to them. */
    public static final class State {
        private int owners;
        private Map<Object, Handed> handed;

        private State() {
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private RetryHandoff() {
    }

    /**
     * Marks the calling thread as running a retrying operation that owns its attempts.
     *
     * @return the thread's state, for {@link #keep} and {@link #exit}
     */
    public static State enter() {
        State state = STATE.get();
        state.owners++;
        return state;
    }

    /**
     * Ends what {@link #enter} began: discards whatever was handed and not kept (the operation succeeded).
     *
     * @param state what {@link #enter} returned
     */
    public static void exit(State state) {
        state.owners--;
        if (state.handed != null && state.owners == 0) {
            Map<Object, Handed> left = state.handed;
            state.handed = null;
            left.values().forEach(Handed::discard);
        }
    }

    /**
     * Keeps what was handed, for the owning operation's final failure.
     *
     * @param state what {@link #enter} returned
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
