package dev.resilientio.examples.boot.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example's fat jar running in a child JVM, {@code java [options] -jar app.jar [args]}, as a user
 * runs it. Its output (stdout and stderr together) is kept in memory and copied to a log file for
 * whoever reads a failed build. Closing it destroys the child; a shutdown hook destroys it too if
 * the test JVM ends first, so no child outlives the build. Thread-safe.
 */
public final class FatJarProcess implements AutoCloseable {

    /** Spring Boot's line once Tomcat listens (Boot 3 and 4 alike). */
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final String name;
    private final Process process;
    private final Thread hook;
    private final Thread pump;
    private final List<String> output = new ArrayList<>();
    private final long startNanos;
    private volatile Duration startedIn;
    private volatile int port = -1;
    /** Set when the child's output has ended, which is how a child that died is noticed at once. */
    private boolean outputEnded;

    private FatJarProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.startNanos = System.nanoTime();
        this.hook = new Thread(process::destroyForcibly, "destroy " + name);
        Runtime.getRuntime().addShutdownHook(hook);
        this.pump = new Thread(() -> pump(log), "output of " + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a fat jar and waits until it serves HTTP.
     *
     * @param name a name for messages and the log file
     * @param jar the fat jar
     * @param jvmOptions options before {@code -jar}, such as {@code -javaagent:...}
     * @param args the application's arguments; {@code --server.port=0 --server.address=127.0.0.1} are added first
     * @return the running application
     * @throws IOException when the JVM cannot be started
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when it exits or stays silent before serving; the message has its output
     */
    public static FatJarProcess startServing(String name, Path jar, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        return launch(name, jar, jvmOptions, args).awaitServing();
    }

    /**
     * Starts a fat jar and returns at once; several can start side by side before
     * {@link #awaitServing()} or {@link #awaitExit(Duration)}.
     *
     * @param name a name for messages and the log file
     * @param jar the fat jar
     * @param jvmOptions options before {@code -jar}
     * @param args the application's arguments; {@code --server.port=0 --server.address=127.0.0.1} are added first
     * @return the starting process
     * @throws IOException when the JVM cannot be started
     */
    public static FatJarProcess launch(String name, Path jar, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived children on a small machine: quick to start, small heap.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=0");
        // Loopback only: the demo's X-Fail-Attempts header and actuator must not be reachable from the network.
        command.add("--server.address=127.0.0.1");
        command.addAll(List.of(args));
        Path log = Path.of("target", "child-logs", name + ".log");
        Files.createDirectories(log.getParent());
        return new FatJarProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start(), log);
    }

    /**
     * Waits until the application serves HTTP; destroys it when it does not within 120 seconds.
     *
     * @return this
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when it exits or stays silent before serving; the message has its output
     */
    public FatJarProcess awaitServing() throws InterruptedException {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(120);
        synchronized (output) {
            while (port < 0 && !outputEnded && System.nanoTime() < deadline) {
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        if (port < 0) {
            String exit = process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
            close();
            throw new IllegalStateException(name + " did not start serving within 120s (" + exit + "). Its output:\n"
                    + output());
        }
        startedIn = Duration.ofNanos(System.nanoTime() - startNanos);
        return this;
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                copy.write(line);
                copy.write('\n');
                copy.flush();
                synchronized (output) {
                    output.add(line);
                    Matcher started = STARTED.matcher(line);
                    if (port < 0 && started.find()) {
                        port = Integer.parseInt(started.group(1));
                    }
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the output of " + name, e);
        } finally {
            synchronized (output) {
                outputEnded = true;
                output.notifyAll();
            }
        }
    }

    /**
     * Returns the base URI of the running application.
     *
     * @return {@code http://127.0.0.1:<port>}, the only address it listens on
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Returns the child's process id, which its log lines carry.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns how long the child took from launch to serving, once {@link #awaitServing()} returned.
     *
     * @return the start-up time as seen from here, {@code null} before
     */
    public Duration startedIn() {
        return startedIn;
    }

    /**
     * Returns the output so far.
     *
     * @return every line, in order
     */
    public List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * Returns the output so far as one text.
     *
     * @return the lines joined by newlines
     */
    public String output() {
        return String.join("\n", lines());
    }

    /**
     * Waits for a line matching a pattern, for lines logged after a response was sent.
     *
     * @param pattern the pattern to find in a line
     * @param timeout how long to wait
     * @return the matching lines, all of them once one matched; empty when none came in time
     * @throws InterruptedException when interrupted while waiting
     */
    public List<String> awaitLines(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                List<String> matching = output.stream().filter(line -> pattern.matcher(line).find()).toList();
                long left = deadline - System.nanoTime();
                if (!matching.isEmpty() || left <= 0 || outputEnded) {
                    return matching;
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @param timeout how long to wait
     * @return its exit code
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when it is still running after the timeout
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs after " + timeout + ". Its output:\n" + output());
        }
        // The last lines may still be on their way from the pipe.
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Stops the child: politely first, then by force. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run; it destroys an ended process harmlessly.
        }
    }

    /** Stops each child that was started (nulls are skipped), every one even when a stop is interrupted. */
    public static void closeAll(FatJarProcess... children) throws InterruptedException {
        InterruptedException interrupted = null;
        for (FatJarProcess child : children) {
            if (child == null) {
                continue;
            }
            try {
                child.close();
            } catch (InterruptedException e) {
                interrupted = e;
            }
        }
        if (interrupted != null) {
            throw interrupted;
        }
    }
}
