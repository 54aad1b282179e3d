package dev.resilientio.core.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The child side of the line protocol that {@link RunningChild} speaks. */
public final class ChildIo {

    private static final BufferedReader STDIN =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private ChildIo() {
    }

    /** Prints one signal line for the parent, flushed at once so the parent never waits on a buffer. */
    public static void signal(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Blocks until the parent sends a line; {@code null} when the parent closed stdin. */
    public static String awaitParent() throws IOException {
        return STDIN.readLine();
    }

    /**
     * Blocks until the parent sends a line, which must be {@code word}.
     *
     * @throws IllegalStateException when another line comes, or stdin closes
     */
    public static void awaitParent(String word) throws IOException {
        String line = awaitParent();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected " + word + " from the parent, got " + line);
        }
    }

    /** Reports a failure on stderr (the child's log) and exits with a code the parent can check. */
    public static void die(Throwable failure) {
        failure.printStackTrace();
        System.exit(1);
    }
}
