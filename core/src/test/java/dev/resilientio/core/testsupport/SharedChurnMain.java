package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM whose threads take turns holding SHARED on a file, each taking it again right after
 * its release, so that between them some thread nearly always holds it. Prints {@code STARTED} once
 * every thread holds the lock for the first time, then runs until killed.
 *
 * <p>Arguments: the file, the hold in milliseconds, the number of threads.
 */
public final class SharedChurnMain {

    private SharedChurnMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long holdMillis = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        CountDownLatch started = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            long offset = holdMillis * i / threads;
            Thread reader = new Thread(() -> {
                try {
                    Thread.sleep(offset);
                    boolean first = true;
                    while (true) {
                        FileLockHandle handle = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(60));
                        try {
                            if (first) {
                                started.countDown();
                                first = false;
                            }
                            Thread.sleep(holdMillis);
                        } finally {
                            handle.close();
                        }
                    }
                } catch (Exception | Error e) {
                    ChildIo.die(e);
                }
            }, "reader-" + i);
            reader.start();
        }
        started.await();
        ChildIo.signal("STARTED");
    }
}
