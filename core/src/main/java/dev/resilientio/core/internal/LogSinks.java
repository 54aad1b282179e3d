package dev.resilientio.core.internal;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the backend of each line logged, in the order {@link LazyLogger} documents. Holds the
 * backends of other class loaders weakly: an SLF4J found through a web application's or a
 * restarted application's class loader must not keep that loader alive once it is dropped.
 */
final class LogSinks {

    /** A class loader that sees no SLF4J with a provider. */
    private static final WeakReference<Slf4jBackend> NONE = new WeakReference<>(null);

    /**
     * The SLF4J each context class loader sees, or {@link #NONE}. Weak keys, and weak values because a
     * backend's method handles refer to classes of its key's loader.
     */
    private static final Map<ClassLoader, WeakReference<Slf4jBackend>> BY_LOADER = new WeakHashMap<>();
    /** Strong references to the backends found, one per loader, kept by the loader itself through a class it defined. */
    private static final ClassValue<Slf4jBackend[]> KEPT_BY_LOADER = new ClassValue<>() {
        @Override
        protected Slf4jBackend[] computeValue(Class<?> type) {
            return new Slf4jBackend[1];
        }
    };
    private static final Map<String, LogSink> JDK = new ConcurrentHashMap<>();
    /** The engine's own loader's SLF4J, looked up once: that loader never changes. */
    private static volatile Optional<Slf4jBackend> own;
    /**
     * The SLF4J found last through a context class loader, for a thread whose context class loader is
     * the system's (a pool thread). With two applications in one JVM under the agent, such a thread's
     * lines go to the logging of the one seen last.
     */
    private static volatile WeakReference<Slf4jBackend> lastFound = NONE;

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
            backend = lastFound.get();
        }
        return backend != null ? backend.logger(name) : jdk(name);
    }

    static LogSink jdk(String name) {
        LogSink known = JDK.get(name);
        return known != null ? known : JDK.computeIfAbsent(name, JdkLogSink::new);
    }

    private static Slf4jBackend ofContext() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == LogSinks.class.getClassLoader()) {
            return null;
        }
        WeakReference<Slf4jBackend> known;
        synchronized (BY_LOADER) {
            known = BY_LOADER.get(context);
        }
        Slf4jBackend backend = known == null ? null : known.get();
        if (known == null || (backend == null && known != NONE)) {
            backend = Slf4jBackend.of(context).orElse(null);
            if (backend != null) {
                // The loader's own LoggerFactory class keeps the backend as long as the loader lives.
                KEPT_BY_LOADER.get(backend.factoryClass())[0] = backend;
            }
            synchronized (BY_LOADER) {
                BY_LOADER.put(context, backend == null ? NONE : new WeakReference<>(backend));
            }
        }
        if (backend != null) {
            lastFound = new WeakReference<>(backend);
        }
        return backend;
    }
}
