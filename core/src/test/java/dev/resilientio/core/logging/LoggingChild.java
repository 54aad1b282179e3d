package dev.resilientio.core.logging;

import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.retry.RetrySettings;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM whose class path holds the engine and no SLF4J provider, as the engine sits under
 * {@code -javaagent:resilient-io-agent.jar}: one retry, so one WARN, on the thread the mode says.
 * <ul>
 *   <li>{@code context <jars>}: SLF4J and Logback only in a class loader below the engine's (a Spring
 *       Boot fat jar's), made the context class loader of the thread that retries;</li>
 *   <li>{@code pool <jars>}: the same, then a second retry on a new thread whose context class loader
 *       is the system's, as a pool thread's is;</li>
 *   <li>{@code none}: no SLF4J provider anywhere.</li>
 * </ul>
 */
public final class LoggingChild {

    private LoggingChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (!mode.equals("none")) {
            List<URL> jars = new ArrayList<>();
            for (String jar : args[1].split(File.pathSeparator)) {
                jars.add(Path.of(jar).toUri().toURL());
            }
            ClassLoader application = new URLClassLoader("application", jars.toArray(new URL[0]),
                    LoggingChild.class.getClassLoader());
            Thread.currentThread().setContextClassLoader(application);
        }
        retryOnce("LoggingChild.first");
        if (mode.equals("pool")) {
            Thread worker = new Thread(() -> retryOnce("LoggingChild.onPoolThread"), "pool-worker");
            worker.setContextClassLoader(ClassLoader.getSystemClassLoader());
            worker.start();
            worker.join();
        }
    }

    private static void retryOnce(String operation) {
        RetrySettings settings = RetrySettings.builder().maxAttempts(2).initialDelay(Duration.ofMillis(1)).build();
        int[] attempts = {0};
        try {
            FileRetry.of(operation, settings).call(Path.of("shared", "tasks.json"), () -> {
                if (attempts[0]++ == 0) {
                    throw new FileSystemException("shared/tasks.json", null, "Resource temporarily unavailable");
                }
                return null;
            });
        } catch (IOException unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
