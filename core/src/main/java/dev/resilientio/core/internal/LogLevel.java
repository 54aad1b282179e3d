package dev.resilientio.core.internal;

/** The levels the engine logs at, with their names in SLF4J and in {@link System.Logger}. */
enum LogLevel {
    DEBUG("debug", System.Logger.Level.DEBUG),
    INFO("info", System.Logger.Level.INFO),
    WARN("warn", System.Logger.Level.WARNING),
    ERROR("error", System.Logger.Level.ERROR);

    final String slf4jMethod;
    final System.Logger.Level jdkLevel;

    LogLevel(String slf4jMethod, System.Logger.Level jdkLevel) {
        this.slf4jMethod = slf4jMethod;
        this.jdkLevel = jdkLevel;
    }
}
