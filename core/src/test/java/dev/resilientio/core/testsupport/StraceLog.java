package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system calls of an {@code strace -f -o <file>} log, in the order they completed, with the
 * path each file descriptor stood for at the time of the call (tracked through {@code openat} and
 * {@code close}, so a reused descriptor number is never mistaken for another file).
 */
public final class StraceLog {

    /** Where Debian and most distributions install strace. */
    public static final Path STRACE = Path.of("/usr/bin/strace");

    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+|\\?)(.*)$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String UNFINISHED = " <unfinished ...>";

    /**
     * One completed system call.
     *
     * @param index its position among the completed calls of the log
     * @param thread the thread (task) id
     * @param name the system call, such as {@code fsync}
     * @param args the raw argument text
     * @param result the return value; negative on failure
     * @param paths the quoted strings among the arguments (the paths of openat and rename)
     * @param fdPath for a call whose first argument is a file descriptor, the path that descriptor
     *     was opened with, if the log shows its openat
     */
    public record Syscall(int index, long thread, String name, String args, long result, List<String> paths,
            Optional<String> fdPath) {

        /** Tells whether this is an fsync or fdatasync. */
        public boolean isSync() {
            return name.equals("fsync") || name.equals("fdatasync");
        }

        /** Tells whether this is an openat of {@code path}. */
        public boolean opens(String path) {
            return name.equals("openat") && result >= 0 && paths.size() == 1 && paths.get(0).equals(path);
        }
    }

    private final List<Syscall> calls;

    private StraceLog(List<Syscall> calls) {
        this.calls = List.copyOf(calls);
    }

    /**
     * Runs a main class of the test class path in a child JVM under {@code strace -f}, waits for it
     * to exit, and parses the log.
     *
     * @param syscalls what to trace, as {@code strace -e trace=} takes it
     * @param trace the file strace writes
     * @param childLog the file for the child's stdout and stderr
     * @param mainClass the child's main class
     * @param args its arguments
     * @return the traced calls
     * @throws AssertionError when the child does not exit in time or exits with an error
     */
    public static StraceLog traceChild(String syscalls, Path trace, Path childLog, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(STRACE.toString(), "-f", "-e", "trace=" + syscalls,
                "-o", trace.toString()));
        command.addAll(ChildJvm.command(mainClass, args));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile())
                .start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("traced child JVM " + mainClass.getSimpleName() + " did not finish in "
                    + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (child.exitValue() != 0) {
            throw new AssertionError("traced child JVM " + mainClass.getSimpleName() + " exited with " + child.exitValue()
                    + "; its output:\n" + Files.readString(childLog, StandardCharsets.UTF_8));
        }
        return read(trace);
    }

    /** Parses a log written by {@code strace -f -o file}. */
    public static StraceLog read(Path file) throws IOException {
        Map<Long, String> pending = new HashMap<>();
        Map<Long, String> openFds = new HashMap<>();
        List<Syscall> calls = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            long thread = Long.parseLong(matcher.group(1));
            String text = matcher.group(2);
            Matcher resumed = RESUMED.matcher(text);
            if (resumed.matches()) {
                String start = pending.remove(thread);
                if (start == null) {
                    continue;
                }
                text = start + resumed.group(2);
            } else if (text.endsWith(UNFINISHED)) {
                pending.put(thread, text.substring(0, text.length() - UNFINISHED.length()));
                continue;
            }
            Matcher call = CALL.matcher(text);
            if (!call.matches()) {
                continue;
            }
            String name = call.group(1);
            String args = call.group(2);
            long result = call.group(3).equals("?") ? -1 : Long.parseLong(call.group(3));
            List<String> paths = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(args);
            while (quoted.find()) {
                paths.add(quoted.group(1));
            }
            Optional<String> fdPath = Optional.empty();
            Long fd = firstArgumentAsFd(args);
            if (fd != null && !name.equals("openat")) {
                fdPath = Optional.ofNullable(openFds.get(fd));
            }
            if (name.equals("openat") && result >= 0 && paths.size() == 1) {
                openFds.put(result, paths.get(0));
            } else if (name.equals("close") && fd != null) {
                openFds.remove(fd);
            }
            calls.add(new Syscall(calls.size(), thread, name, args, result, List.copyOf(paths), fdPath));
        }
        return new StraceLog(calls);
    }

    private static Long firstArgumentAsFd(String args) {
        int end = args.indexOf(',');
        String first = (end < 0 ? args : args.substring(0, end)).strip();
        return first.matches("\\d+") ? Long.valueOf(first) : null;
    }

    /** All completed calls, in order. */
    public List<Syscall> calls() {
        return calls;
    }

    /**
     * The first successful {@code openat} of a path, such as a marker file a child opens to show
     * where its work starts and ends.
     *
     * @throws AssertionError when the log has none
     */
    public Syscall firstOpen(String path) {
        return calls.stream()
                .filter(call -> call.opens(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the traced process never opened " + path));
    }

    /** The distinct paths created with {@code O_CREAT|O_EXCL} whose names start and end as given. */
    public List<String> exclusivelyCreated(String prefix, String suffix) {
        return calls("openat").stream()
                .filter(call -> call.result() >= 0 && call.paths().size() == 1)
                .filter(call -> call.args().contains("O_CREAT") && call.args().contains("O_EXCL"))
                .map(call -> call.paths().get(0))
                .filter(path -> path.startsWith(prefix) && path.endsWith(suffix))
                .distinct()
                .toList();
    }

    /** The completed calls of one name, in order. */
    public List<Syscall> calls(String name) {
        return calls.stream().filter(call -> call.name().equals(name)).toList();
    }
}
