package dev.resilientio.test;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.test.internal.LockHolderMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A lock on a file held by another process, as another instance of the application would hold it:
 * a child JVM takes the lock through the engine ({@code <file>.lock}, the same lock as
 * {@code @FileLocked} and the plain API take), holds it until {@link #close()}, then releases it and
 * exits. For tests of what the code under test does when it must wait, or times out:
 *
 * <pre>{@code
 * try (LockHolder other = LockHolder.holdInAnotherProcess(file, LockMode.EXCLUSIVE)) {
 *     assertThrows(FileLockTimeoutException.class, () -> store.save(file, tasks));
 * }
 * }</pre>
 *
 * <p>The child runs {@code java} of the running JVM ({@code java.home}) on the test's class path
 * (Surefire's {@code surefire.test.class.path}, else {@code java.class.path}), which must hold
 * resilient-io-core and this kit. Its waits are real time, whatever time the test installed. Not
 * thread-safe: one test thread uses a holder.
 */
public final class LockHolder implements AutoCloseable {

    /** How long the child may take to start and get the lock, in real time. */
    private static final long START_MILLIS = 60_000;
    /** How long the child may take to release the lock and exit once asked. */
    private static final long EXIT_MILLIS = 30_000;
    /** The last lines of the child's standard error that a failure message shows. */
    private static final int STDERR_LINES = 40;

    private final Path file;
    private final LockMode mode;
    private final Process process;
    private final BlockingQueue<String> stdout;
    private final List<String> stderr;
    private boolean closed;

    private LockHolder(Path file, LockMode mode, Process process, BlockingQueue<String> stdout, List<String> stderr) {
        this.file = file;
        this.mode = mode;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts a JVM that takes a lock on a file and holds it; returns once it holds it. When the lock
     * is held in this JVM or by another process, the child waits for it, up to a minute.
     *
     * @param file the file whose lock to hold (its {@code <file>.lock} beside it is created if missing)
     * @param mode shared or exclusive
     * @return the holder; close it to release the lock
     * @throws IOException when the JVM cannot be started
     * @throws IllegalStateException when the child did not get the lock within a minute or failed;
     *     the message shows its standard error
     */
    public static LockHolder holdInAnotherProcess(Path file, LockMode mode) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived child: start fast, use little.
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", classPath(), LockHolderMain.class.getName(),
                file.toAbsolutePath().toString(), mode.name(), Long.toString(START_MILLIS));
        Process process = new ProcessBuilder(command).start();
        BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        List<String> stderr = new ArrayList<>();
        drain(process.getInputStream(), stdout::add, "stdout");
        drain(process.getErrorStream(), line -> {
            if (line.equals(END)) {
                return;
            }
            synchronized (stderr) {
                stderr.add(line);
                if (stderr.size() > STDERR_LINES) {
                    stderr.remove(0);
                }
            }
        }, "stderr");
        LockHolder holder = new LockHolder(file, mode, process, stdout, stderr);
        holder.awaitLine(LockHolderMain.LOCKED, START_MILLIS, "take " + holder.describeLock());
        return holder;
    }

    /**
     * Returns the file whose lock is held.
     *
     * @return the file, as given
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the mode of the lock held.
     *
     * @return shared or exclusive
     */
    public LockMode mode() {
        return mode;
    }

    /**
     * Returns the process id of the JVM that holds the lock.
     *
     * @return its pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Releases the lock and waits for the JVM to exit. Closing again does nothing.
     *
     * @throws IllegalStateException when the child did not release the lock and exit in time (it is
     *     then killed, which releases the lock too), or failed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write('\n');
        } catch (IOException childGone) {
            // It exited already; its exit status below says how.
        }
        try {
            awaitLine(LockHolderMain.RELEASED, EXIT_MILLIS, "release " + describeLock());
            if (!process.waitFor(EXIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw failure("exit after releasing " + describeLock());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("release " + describeLock() + " (interrupted while waiting for it)");
        } finally {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "LockHolder[" + describeLock() + ", pid " + process.pid() + "]";
    }

    private String describeLock() {
        return "the " + mode + " lock on " + file;
    }

    private void awaitLine(String expected, long millis, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? stdout.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null || line.equals(END)) {
                    process.destroyForcibly();
                    throw failure(what);
                }
                if (line.equals(expected)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw failure(what + " (interrupted while waiting for it)");
        }
    }

    private IllegalStateException failure(String what) {
        String status = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        StringBuilder message = new StringBuilder("LockHolder: the child JVM (pid " + process.pid() + ", " + status
                + ") did not " + what + ". Its standard error:");
        synchronized (stderr) {
            if (stderr.isEmpty()) {
                message.append(" (empty)");
            }
            for (String line : stderr) {
                message.append("\n  ").append(line);
            }
        }
        return new IllegalStateException(message.toString());
    }

    /** Put on the queue of standard output when it ends. */
    private static final String END = "\u0000end";

    private static void drain(InputStream stream, Consumer<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException closed) {
                // The child is gone; what it wrote is in.
            } finally {
                lines.accept(END);
            }
        }, "LockHolder " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
