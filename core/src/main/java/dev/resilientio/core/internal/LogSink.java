package dev.resilientio.core.internal;

/** One named logger of one backend: an SLF4J logger of some class loader, or a {@link System.Logger}. */
interface LogSink {

    boolean enabled(LogLevel level);

    void log(LogLevel level, String format, Object[] arguments);
}
