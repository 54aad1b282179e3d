package dev.resilientio.core.events;

/**
 * Receives the engine's events, on the thread of the call that caused them, in the order they
 * happen. Keep it quick and thread-safe: calls on many threads report at once. An exception it
 * throws never reaches the file operation; the first one of each listener is logged.
 *
 * <p>Register one with {@link ResilientIoEvents#register}, or let the engine find it: a public class
 * with a public no-argument constructor named in
 * {@code META-INF/services/dev.resilientio.core.events.ResilientIoListener}.
 */
@FunctionalInterface
public interface ResilientIoListener {

    /**
     * Receives one event.
     *
     * @param event what happened; use {@code instanceof} or a {@code switch} on its type
     */
    void onEvent(ResilientIoEvent event);
}
