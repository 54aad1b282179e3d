package dev.resilientio.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLF4J that one class loader sees, called through method handles: its classes may come from a
 * class loader below the engine's, which the engine cannot link to. Works with SLF4J 1.7 and 2.x.
 */
final class Slf4jBackend {

    private static final MethodType LOG = MethodType.methodType(void.class, String.class, Object[].class);
    /**
     * SLF4J's package, built at run time: the agent jar relocates {@code org.slf4j} for the copy its
     * Resilience4j logs to, and the shade plugin rewrites every constant string that starts so, which
     * would point this lookup at that silent copy instead of the application's own SLF4J.
     */
    private static final String SLF4J = String.join(".", "org", "slf4j", "");
    private static final MethodType ENABLED = MethodType.methodType(boolean.class);

    private final Class<?> factory;
    private final MethodHandle getLogger;
    private final MethodHandle[] log = new MethodHandle[LogLevel.values().length];
    private final MethodHandle[] enabled = new MethodHandle[LogLevel.values().length];
    private final Map<String, LogSink> loggers = new ConcurrentHashMap<>();

    private Slf4jBackend(Class<?> factory, Class<?> logger) throws ReflectiveOperationException {
        this.factory = factory;
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        getLogger = lookup.findStatic(factory, "getLogger", MethodType.methodType(logger, String.class));
        for (LogLevel level : LogLevel.values()) {
            log[level.ordinal()] = lookup.findVirtual(logger, level.slf4jMethod, LOG).asFixedArity();
            String name = level.slf4jMethod;
            enabled[level.ordinal()] = lookup.findVirtual(logger,
                    "is" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Enabled", ENABLED);
        }
    }

    /**
     * The SLF4J a class loader sees, or empty when it sees none, or one without a provider (whose
     * lines SLF4J would drop).
     */
    static Optional<Slf4jBackend> of(ClassLoader loader) {
        if (loader == null) {
            return Optional.empty();
        }
        try {
            Class<?> factory = Class.forName(SLF4J + "LoggerFactory", true, loader);
            Class<?> logger = Class.forName(SLF4J + "Logger", false, loader);
            Object loggerFactory = factory.getMethod("getILoggerFactory").invoke(null);
            if (loggerFactory == null || loggerFactory.getClass().getName().equals(SLF4J + "helpers.NOPLoggerFactory")) {
                return Optional.empty();
            }
            return Optional.of(new Slf4jBackend(factory, logger));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
            return Optional.empty();
        }
    }

    /** SLF4J's {@code LoggerFactory} of the class loader this backend came from. */
    Class<?> factoryClass() {
        return factory;
    }

    LogSink logger(String name) {
        LogSink known = loggers.get(name);
        return known != null ? known : loggers.computeIfAbsent(name, this::newLogger);
    }

    private LogSink newLogger(String name) {
        Object logger;
        try {
            logger = getLogger.invoke(name);
        } catch (Throwable failure) {
            return LogSinks.jdk(name);
        }
        return new LogSink() {
            @Override
            public boolean enabled(LogLevel level) {
                try {
                    return (boolean) Slf4jBackend.this.enabled[level.ordinal()].invoke(logger);
                } catch (Throwable failure) {
                    return true;
                }
            }

            @Override
            public void log(LogLevel level, String format, Object[] arguments) {
                try {
                    Slf4jBackend.this.log[level.ordinal()].invoke(logger, format, arguments);
                } catch (VirtualMachineError fatal) {
                    throw fatal;
                } catch (Throwable failure) {
                    // The backend broke (a half-removed Logback, say): the line still goes out, through the JDK,
                    // and the file operation that logs it goes on.
                    LogSinks.jdk(name).log(level, format, arguments);
                }
            }
        };
    }
}
