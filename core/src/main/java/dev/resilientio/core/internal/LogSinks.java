package dev.resilientio.core.internal;

import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/** Picks the backend of each line logged, in the order {@link LazyLogger} documents. */
final class LogSinks {

    /** The SLF4J each class loader sees, or empty when it sees none with a provider; weak, so loaders can go. */
    private static final Map<ClassLoader, Optional<Slf4jBackend>> BY_LOADER = new WeakHashMap<>();
    private static final Map<String, LogSink> JDK = new ConcurrentHashMap<>();
    /** The engine's own loader's SLF4J, looked up once: that loader never changes. */
    private static volatile Optional<Slf4jBackend> own;
    /** The SLF4J found last through a context class loader. */
    private static volatile Slf4jBackend lastFound;

    private LogSinks() {
    }

    static LogSink find(String name) {
        Optional<Slf4jBackend> mine = own;
        if (mine == null) {
            mine = Slf4jBackend.of(LogSinks.class.getClassLoader());
            own = mine;
        }
        if (mine.isPresent()) {
            return mine.get().logger(name);
        }
        Slf4jBackend backend = ofContext();
        if (backend == null) {
            backend = lastFound;
        }
        return backend != null ? backend.logger(name) : JDK.computeIfAbsent(name, JdkLogSink::new);
    }

    private static Slf4jBackend ofContext() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == LogSinks.class.getClassLoader()) {
            return null;
        }
        Optional<Slf4jBackend> backend;
        synchronized (BY_LOADER) {
            backend = BY_LOADER.get(context);
        }
        if (backend == null) {
            backend = Slf4jBackend.of(context);
            synchronized (BY_LOADER) {
                BY_LOADER.put(context, backend);
            }
        }
        if (backend.isPresent()) {
            lastFound = backend.get();
            return backend.get();
        }
        return null;
    }
}
