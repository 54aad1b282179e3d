package dev.resilientio.examples.boot.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link ClientMain} in a child JVM on this JVM's class path. Closing it destroys the child. Not
 * thread-safe.
 */
public final class ClientProcess implements AutoCloseable {

    private final Process process;

    private ClientProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts a client process.
     *
     * @param bases the instances it spreads its requests over
     * @param list the list's name
     * @param prefix its entries' prefix
     * @param threads its threads
     * @param perThread requests per thread
     * @return the running client
     * @throws IOException when the JVM cannot be started
     */
    public static ClientProcess start(List<URI> bases, String list, String prefix, int threads, int perThread)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", classPath()));
        command.add(ClientMain.class.getName());
        command.add(bases.stream().map(URI::toString).collect(Collectors.joining(",")));
        command.addAll(List.of(list, prefix, Integer.toString(threads), Integer.toString(perThread)));
        return new ClientProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Our class path with absolute entries, so the child finds it whatever its directory. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Waits for the client to finish.
     *
     * @param seconds how long to wait
     * @return what it printed; it ends with {@code sent <n>} when all went well
     * @throws IOException when its output cannot be read
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when it runs longer or exits non-zero; the message has its output
     */
    public String awaitSuccess(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Client process " + process.pid() + " still runs after " + seconds + "s");
        }
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Client process " + process.pid() + " exited " + process.exitValue()
                    + ":\n" + printed);
        }
        return printed;
    }

    /** Destroys the client if it still runs. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
