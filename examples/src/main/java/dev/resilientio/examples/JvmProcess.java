package dev.resilientio.examples;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child JVM running one of this module's main classes with the same java and class path as this
 * one, talked to in lines: it prints progress on stdout and reads orders on stdin, while its log
 * (stderr) goes to ours. Closing it kills the child. Public for the Kotlin example's demos.
 */
public final class JvmProcess implements AutoCloseable {

    /** Put on the queue when the child's stdout ends; compared by identity, so no printed line can match it. */
    private static final String END_OF_OUTPUT = new String("<end of output>");

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private JvmProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::pumpStdout, "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param mainClass a main class of this module
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public static JvmProcess start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM with more JVM options, such as a flight recording's.
     *
     * @param jvmOptions options put before the main class
     * @param mainClass a main class of this module
     * @param args its arguments
     * @return the running child
     * @throws IOException when the JVM cannot be started
     */
    public static JvmProcess start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived children: start fast and stay small, the machine may have two cores.
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        // A build that is woven by an agent (resilient-io's or AspectJ's) needs it in the child too.
        command.addAll(javaAgents());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new JvmProcess(mainClass.getSimpleName() + " pid " + process.pid(), process);
    }

    /** Our {@code -javaagent} options, so that a child is woven the way we are. */
    private static List<String> javaAgents() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-javaagent:"))
                .toList();
    }

    /** Our class path with absolute entries, so that the child finds it whatever its directory. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Returns the child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the child's next line, which must start with {@code prefix}.
     *
     * @return the line
     * @throws IOException when another line comes, the output ends, or nothing comes in time
     */
    public String awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        return awaitLine(prefix, timeout, line -> false);
    }

    /**
     * Waits for the child's line that starts with {@code prefix}, handing the lines before it to
     * {@code earlier}, which tells whether it took each (a report the child prints on its way).
     *
     * @param prefix how the awaited line starts
     * @param timeout how long to wait for it, the earlier lines included
     * @param earlier takes a line before it, or refuses it with {@code false}
     * @return the line
     * @throws IOException when a line comes that {@code earlier} does not take, the output ends, or
     *     the line does not come in time
     */
    public String awaitLine(String prefix, Duration timeout, Predicate<String> earlier)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + " did not print " + prefix + " within " + timeout.toSeconds() + " s");
            }
            if (line == END_OF_OUTPUT) {
                lines.add(END_OF_OUTPUT);
                // Its output ends a moment before it exits; wait a little so that the exit code can be told.
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(name + " ended (" + exitState() + ") before printing " + prefix
                        + "; its log above tells why");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (!earlier.test(line)) {
                throw new IOException(name + " printed '" + line + "' where " + prefix + " was expected");
            }
        }
    }

    /**
     * Returns the lines the child printed that no wait took, up to the end of its output: call it
     * once the child has exited or been killed.
     *
     * @param timeout how long to wait for the end of its output
     * @return the lines, in order
     * @throws IOException when its output does not end within {@code timeout}
     */
    public List<String> restOfOutput(Duration timeout) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + "'s output did not end within " + timeout.toSeconds() + " s");
            }
            if (line == END_OF_OUTPUT) {
                lines.add(END_OF_OUTPUT);
                return rest;
            }
            rest.add(line);
        }
    }

    /**
     * Sends the child one line on its stdin.
     *
     * @param line the line, without its end
     * @throws IOException when the child's stdin is closed
     */
    public void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @return its exit code
     * @throws IOException when it still runs after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IOException(name + " did not exit within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** Kills the child with SIGKILL, as a crash or {@code kill -9} would, and waits until it is gone. */
    public void kill() throws IOException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException(name + " survived SIGKILL for 30 s");
        }
    }

    /** Kills the child if it still runs, so that no failed demo leaves one behind. */
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

    private String exitState() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
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
}
