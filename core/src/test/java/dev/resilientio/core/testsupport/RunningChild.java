package dev.resilientio.core.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by {@link ChildJvm}, talked to in lines: the parent waits for the lines the
 * child prints to signal its progress (always with a bounded timeout) and sends it lines on stdin.
 * Closing it kills the child, so a failed test never leaves one behind.
 */
public final class RunningChild implements AutoCloseable {

    /** Put on the queue when the child's stdout ends; compared by identity, so no printed line can match it. */
    private static final String END_OF_OUTPUT = new String("<end of output>");

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream stdin;

    private RunningChild(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::pumpStdout, "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM whose stderr is appended to {@code log}.
     *
     * @param log the file for the child's stderr (its log output)
     * @param mainClass the main class, on the test class path
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public static RunningChild start(Path log, Class<?> mainClass, String... args) throws IOException {
        return start(log, Map.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM whose stderr is appended to {@code log}, with environment
     * variables set on top of this JVM's.
     *
     * @param log the file for the child's stderr (its log output)
     * @param environment variables to set or replace, such as {@code RESILIENT_IO_LOCK_PROVIDER}
     * @param mainClass the main class, on the test class path
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public static RunningChild start(Path log, Map<String, String> environment, Class<?> mainClass, String... args)
            throws IOException {
        Process process = ChildJvm.start(log.toFile(), environment, mainClass, args);
        return new RunningChild(mainClass.getSimpleName() + " pid " + process.pid(), process, log);
    }

    /** Returns the child process. */
    public Process process() {
        return process;
    }

    /**
     * Waits for the child's next line and checks that it is {@code expected}.
     *
     * @throws AssertionError when another line comes, the output ends, or nothing comes in time
     */
    public void expectLine(String expected, Duration timeout) throws InterruptedException {
        String line = nextLine(timeout);
        if (line == null) {
            throw failure("did not print " + expected + " within " + timeout.toMillis() + "ms");
        }
        if (!line.equals(expected)) {
            throw failure("printed '" + line + "' where " + expected + " was expected");
        }
    }

    /**
     * Returns the child's next line, or {@code null} when none comes in time; the end of its output
     * is reported as an {@link AssertionError}.
     */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == END_OF_OUTPUT) {
            lines.add(END_OF_OUTPUT);
            throw failure("ended its output while a line was expected");
        }
        return line;
    }

    /** Returns a line the child printed and the parent has not taken yet, or {@code null}. */
    public String pendingLine() {
        return lines.peek();
    }

    /** Sends the child one line on its stdin. */
    public void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /**
     * Stops the child with SIGSTOP, as a long GC pause or a frozen VM stops a process: every thread,
     * its heartbeats included, until {@link #resume()}.
     */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a child stopped by {@link #pause()} run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw failure("could not be sent " + signal + ": " + output.strip());
        }
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @return its exit code
     * @throws AssertionError when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw failure("did not exit within " + timeout.toMillis() + "ms");
        }
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL and waits until it is gone.
     *
     * @return its exit code, 137 (128 + SIGKILL) on Linux
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw failure("survived SIGKILL for 30s");
        }
        return process.exitValue();
    }

    /** Builds a failure that carries what the child logged, to tell why it misbehaved. */
    public AssertionError failure(String what) {
        String state = process.isAlive() ? "still running" : "exited with " + process.exitValue();
        return new AssertionError("Child " + name + " " + what + " (" + state + "); its stderr:\n" + logText());
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // The pipe of a dead child may fail to flush; nothing is left to tell it.
        }
    }

    private void pumpStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException closed) {
            // The stream closes when the child is killed: that is the end of its output too.
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    private String logText() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 8000 ? "..." + text.substring(text.length() - 8000) : text;
        } catch (IOException | UncheckedIOException e) {
            return "<could not read " + log + ": " + e + ">";
        }
    }
}
