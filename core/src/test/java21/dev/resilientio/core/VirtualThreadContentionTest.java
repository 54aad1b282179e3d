package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.jfr.JfrEvents;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.Counter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 1,000 virtual threads each increment one counter file through the engine at once
 * ({@link FileOperation#update}: EXCLUSIVE lock, atomic durable write, retry), one in ten failing its
 * first attempt with a transient IO error: no increment is lost, the retries happen, and no virtual
 * thread is pinned to its carrier while it waits (for the lock, a backoff or the disk). Compiled with
 * {@code --release 21} and run on JDK 21 and later only, by core's {@code jdk21} profile.
 */
class VirtualThreadContentionTest {

    private static final int THREADS = 1_000;
    /** Every tenth thread's first attempt fails. */
    private static final int FAILING_EVERY = 10;
    private static final Duration WITHIN = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void thousandVirtualThreadsLoseNoIncrementAndPinNoCarrier() throws Exception {
        Path counter = dir.resolve("counter.txt");
        // Long lock waits: a thousand writers queue on one file. Short backoffs: the retries are the point, not the wait.
        FileOperation increment = FileOperation.named("VirtualThreadContentionTest.increment", ResilientIoConfig.from(Map.of(),
                Map.of("resilientio.lock.timeout", "2m", "resilientio.retry.max-attempts", "3",
                        "resilientio.retry.initial-delay", "1ms", "resilientio.retry.max-delay", "5ms")));
        AtomicInteger serialized = new AtomicInteger();
        AtomicInteger injected = new AtomicInteger();
        AtomicInteger onVirtualThreads = new AtomicInteger();
        // Warm the engine and this test's own call sites up on this platform thread, a retry included: a class
        // initialiser that blocks, or the JVM linking a lambda's method handle, pins the virtual thread that
        // happens to run it first (JDK 21 and later alike), a one-off of the JVM's, not of the engine's steady state.
        incrementOnce(increment, dir.resolve("warm-up.txt"), true, new AtomicInteger(), new AtomicInteger(),
                new AtomicInteger());
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(THREADS);
        ListAppender<ILoggingEvent> retryLog = null;
        long began;
        long took;
        int pinsInsideJdk;
        try (PinnedThreads pinned = PinnedThreads.start(dir.resolve("pinned.jfr"))) {
            // The recording makes the engine record its own JFR events too: their classes load on first use,
            // and the JDK instruments each as it is defined, in a native frame that pins a virtual thread
            // (a one-off of the JVM's, as above). Let the engine see the recording and load them here.
            JfrEvents.pollNow();
            incrementOnce(increment, dir.resolve("warm-up-recorded.txt"), true, new AtomicInteger(), new AtomicInteger(),
                    new AtomicInteger());
            retryLog = captureRetryLog();
            for (int t = 0; t < THREADS; t++) {
                boolean failsFirst = t % FAILING_EVERY == 0;
                threads.add(Thread.ofVirtual().name("incrementer-" + t).start(() -> {
                    try {
                        start.await();
                        incrementOnce(increment, counter, failsFirst, serialized, injected, onVirtualThreads);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            began = System.nanoTime();
            start.countDown();
            for (Thread thread : threads) {
                long left = WITHIN.toNanos() - (System.nanoTime() - began);
                assertThat(thread.join(Duration.ofNanos(Math.max(left, 1)))).as("%s ended within %s", thread, WITHIN).isTrue();
            }
            took = System.nanoTime() - began;
            pinned.stop();

            assertThat(failures).as("what the updates threw").isEmpty();
            assertThat(increment.read(counter, Counter::parse).value()).as("the counter after %d increments", THREADS)
                    .isEqualTo(THREADS);
            assertThat(injected).as("first attempts failed on purpose").hasValue(THREADS / FAILING_EVERY);
            assertThat(serialized).as("attempts that reached the write: one per thread, one more per retry")
                    .hasValue(THREADS + THREADS / FAILING_EVERY);
            assertThat(onVirtualThreads).as("attempts that ran on a virtual thread").hasValue(serialized.get());
            assertThat(retryWarnings(retryLog)).as("WARN lines of a retry").hasSize(THREADS / FAILING_EVERY)
                    .allSatisfy(line -> assertThat(line).contains("VirtualThreadContentionTest.increment", "retrying in",
                            "injected transient failure"));
            assertThat(pinned.events()).as("virtual threads pinned to their carrier:%s", pinned.describe()).isEmpty();
            assertThat(pinned.insideJdk()).as("brief pins inside the JDK's own critical sections, each well under 100 ms")
                    .allSatisfy(event -> assertThat(event.getDuration()).isLessThan(Duration.ofMillis(100)));
            pinsInsideJdk = pinned.insideJdk().size();
            assertThat(pinned.trace()).as("-Djdk.tracePinnedThreads=full output").isEmpty();
        } finally {
            if (retryLog != null) {
                releaseRetryLog(retryLog);
            }
        }
        System.err.printf("VirtualThreadContentionTest: %d fsynced updates by %d virtual threads (%d retried) on JDK %s"
                + " took %d ms; no pinned virtual thread (%d brief waits inside the JDK's own critical sections)%n",
                serialized.get() - injected.get(), THREADS, injected.get(), Runtime.version(),
                TimeUnit.NANOSECONDS.toMillis(took), pinsInsideJdk);
    }

    /** One increment, its first attempt failing when asked: the same call sites for the warm-up and every thread. */
    private static void incrementOnce(FileOperation increment, Path counter, boolean failsFirst, AtomicInteger serialized,
            AtomicInteger injected, AtomicInteger onVirtualThreads) throws IOException {
        boolean[] failed = {false};
        increment.update(counter, Counter::parse, new Counter(0), Counter::increment, next -> {
            serialized.incrementAndGet();
            if (Thread.currentThread().isVirtual()) {
                onVirtualThreads.incrementAndGet();
            }
            if (failsFirst && !failed[0]) {
                failed[0] = true;
                injected.incrementAndGet();
                throw new IOException("injected transient failure (Resource temporarily unavailable)");
            }
            return next.bytes();
        });
    }

    @Test
    void watchSeesAVirtualThreadPinnedByABlockingClassInitialiser() throws Exception {
        if (PinnedThreads.traceOptionExists()) {
            assertThat(System.getProperty("jdk.tracePinnedThreads")).as("core's jdk21 profile runs this test with"
                    + " -Djdk.tracePinnedThreads=full, without which its trace check would see nothing").isEqualTo("full");
        }
        try (PinnedThreads pinned = PinnedThreads.start(dir.resolve("control.jfr"))) {
            Thread.ofVirtual().start(SleepsInItsInitialiser::touch).join();
            pinned.stop();

            assertThat(pinned.events()).as("pinned events of a virtual thread that slept in a class initialiser")
                    .isNotEmpty()
                    .anySatisfy(event -> assertThat(event.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
            if (PinnedThreads.traceOptionExists()) {
                assertThat(pinned.trace()).as("-Djdk.tracePinnedThreads=full output").contains("SleepsInItsInitialiser");
            }
        }
    }

    /** Blocks in its initialiser, which the JVM runs under a native frame: the virtual thread cannot unmount. */
    private static final class SleepsInItsInitialiser {
        static {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // Initialises the class.
        }
    }

    /** Collects the retry's WARN lines in memory only: a thousand threads writing to the console is not the engine's doing. */
    private static ListAppender<ILoggingEvent> captureRetryLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(FileRetry.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        return appender;
    }

    private static void releaseRetryLog(ListAppender<ILoggingEvent> appender) {
        Logger logger = (Logger) LoggerFactory.getLogger(FileRetry.class);
        logger.detachAppender(appender);
        logger.setAdditive(true);
        appender.stop();
    }

    private static List<String> retryWarnings(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
