package dev.resilientio.core.internal;

/**
 * A named logger of the engine that reaches the application's own logging wherever the engine was
 * loaded from. The engine logs only when something goes wrong (a retry, a recovery, a temp it
 * cannot delete), so every line must be seen:
 * <ol>
 *   <li>through SLF4J when the engine's own class loader sees SLF4J with a provider (the usual case:
 *       the engine is a dependency of the application);</li>
 *   <li>else through the SLF4J of the calling thread's context class loader: under
 *       {@code -javaagent:resilient-io-agent.jar} the engine sits on the system class path, and a
 *       Spring Boot fat jar's SLF4J and Logback live in a class loader below it;</li>
 *   <li>else through the SLF4J found last on another thread, for pool threads whose context class
 *       loader is the system's;</li>
 *   <li>else through {@link System.Logger}, which prints WARN and above to stderr by default, so a
 *       warning is never silent for want of an SLF4J provider.</li>
 * </ol>
 * The backend is found on the first line logged, not when the class loads: a call that succeeds
 * never starts a logging backend. Messages use SLF4J's {@code {}} placeholders, and a trailing
 * {@link Throwable} argument is logged with its stack trace, whichever backend prints them.
 * Written by hand because SLF4J cannot be linked directly: under the agent it is not visible from
 * the engine's class loader. Thread-safe.
 */
public final class LazyLogger {

    private final String name;

    /**
     * Creates the logger of a class, not yet bound to a backend.
     *
     * @param owner the class whose name the logger takes
     */
    public LazyLogger(Class<?> owner) {
        this.name = owner.getName();
    }

    /**
     * Tells whether DEBUG lines of this logger are printed, to skip building costly arguments.
     *
     * @return {@code true} when DEBUG is enabled
     */
    public boolean isDebugEnabled() {
        return LogSinks.find(name).enabled(LogLevel.DEBUG);
    }

    /**
     * Logs at DEBUG.
     *
     * @param format the message with {@code {}} placeholders
     * @param arguments the placeholders' values, a trailing {@link Throwable} logged with its stack trace
     */
    public void debug(String format, Object... arguments) {
        LogSinks.find(name).log(LogLevel.DEBUG, format, arguments);
    }

    /**
     * Logs at INFO.
     *
     * @param format the message with {@code {}} placeholders
     * @param arguments the placeholders' values, a trailing {@link Throwable} logged with its stack trace
     */
    public void info(String format, Object... arguments) {
        LogSinks.find(name).log(LogLevel.INFO, format, arguments);
    }

    /**
     * Logs at WARN.
     *
     * @param format the message with {@code {}} placeholders
     * @param arguments the placeholders' values, a trailing {@link Throwable} logged with its stack trace
     */
    public void warn(String format, Object... arguments) {
        LogSinks.find(name).log(LogLevel.WARN, format, arguments);
    }

    /**
     * Logs at ERROR.
     *
     * @param format the message with {@code {}} placeholders
     * @param arguments the placeholders' values, a trailing {@link Throwable} logged with its stack trace
     */
    public void error(String format, Object... arguments) {
        LogSinks.find(name).log(LogLevel.ERROR, format, arguments);
    }
}
