package dev.resilientio.test.internal;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@code LockHolder}: takes a lock through the engine, prints {@link #LOCKED} on a
 * line of its own, holds the lock until its parent writes a line or closes its standard input (or
 * dies), releases it, prints {@link #RELEASED} and exits 0. On any failure it prints the failure to
 * standard error and exits 2. Arguments: the file, {@code SHARED} or {@code EXCLUSIVE}, and how long
 * to wait for the lock in milliseconds.
 */
public final class LockHolderMain {

    /** The line printed once the lock is held. */
    public static final String LOCKED = "resilient-io-test: lock held";
    /** The line printed once the lock is released. */
    public static final String RELEASED = "resilient-io-test: lock released";

    private LockHolderMain() {
    }

    /**
     * Holds the lock; see the class comment.
     *
     * @param args the file, the mode, the wait in milliseconds
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            Path file = Path.of(args[0]);
            LockMode mode = LockMode.valueOf(args[1]);
            Duration wait = Duration.ofMillis(Long.parseLong(args[2]));
            FileLockHandle held = FileLocks.acquire(file, mode, wait);
            try {
                out.println(LOCKED);
                out.flush();
                awaitParent(System.in);
            } finally {
                held.close();
            }
            out.println(RELEASED);
            out.flush();
            System.exit(0);
        } catch (IOException | RuntimeException | Error e) {
            e.printStackTrace();
            System.exit(2);
        }
    }

    /** Returns when the parent writes a line or closes the stream. */
    private static void awaitParent(InputStream in) throws IOException {
        int read;
        do {
            read = in.read();
        } while (read != -1 && read != '\n');
    }
}
