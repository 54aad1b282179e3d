package dev.resilientio.examples;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The task-store demo's command line: add and list tasks, or run the demos of lost updates,
 * crashes, corruption, transient errors, a share that goes away and a full disk. Run it with no
 * arguments for the whole tour.
 */
public final class TaskApp {

    /** Exit code of a run whose demos all passed. */
    static final int OK = 0;
    /** Exit code of a demo that failed, or of a build whose annotations are not woven. */
    static final int FAILED = 1;
    /** Exit code of a command line that cannot be run. */
    static final int USAGE = 2;

    static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: java -jar resilient-io-examples.jar [COMMAND] [OPTIONS]",
            "  add TITLE... [--file F]     add a task to F (default ./tasks.json)",
            "  list [--file F]             list the tasks of F",
            "  stress [--processes N] [--tasks M] [--file F] [--jfr DIR]",
            "                              N processes (default 5) each add M tasks (default 20) at once,",
            "                              through the annotated store, then the plain one (beside F);",
            "                              --jfr: each annotated process records itself into DIR with JFR",
            "  crash-demo [--rounds K]     kill -9 a process mid-save K times (default 10)",
            "  corrupt-demo                corrupt tasks.json, then load() recovers it from a backup",
            "  flaky-demo                  a busy file is retried, a missing one fails at once; a share that",
            "                              goes away, read with and without @FileCircuitBreaker",
            "  full-disk-demo              (root only) an update meets a full tmpfs; what it could not save",
            "                              is kept in a recovery file on another file system",
            "  demo                        (or nothing) the whole tour, in a temp directory",
            "exit code: 0 all demos passed (or were skipped), 1 a demo failed, 2 bad command line");

    static final Map<String, Set<String>> OPTIONS = Map.of(
            "add", Set.of("file"),
            "list", Set.of("file"),
            "stress", Set.of("processes", "tasks", "file", "jfr"),
            "crash-demo", Set.of("rounds"),
            "corrupt-demo", Set.of(),
            "flaky-demo", Set.of(),
            "full-disk-demo", Set.of(),
            "demo", Set.of(),
            "help", Set.of());

    private TaskApp() {
    }

    /**
     * Runs one command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors go
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            // A build whose annotations are not woven must fail here, not look as if it worked.
            WeavingCheck.verify(ResilientTaskStore.class, FlakyShare.class, OutageShare.class);
        } catch (IllegalStateException | ResilientIoConfigException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        CommandLine line;
        try {
            line = CommandLine.parse(args, OPTIONS);
            return run(line, out);
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return FAILED;
        }
    }

    private static int run(CommandLine line, PrintStream out)
            throws CommandLine.UsageException, IOException, InterruptedException {
        if (!line.command().equals("add") && !line.words().isEmpty()) {
            throw new CommandLine.UsageException(line.command() + " takes no argument '" + line.words().get(0) + "'");
        }
        Demos demos = new Demos(out, new Random());
        Path defaultFile = Path.of("tasks.json");
        switch (line.command()) {
            case "help":
                out.println(USAGE_TEXT);
                return OK;
            case "add":
                return add(line, out);
            case "list":
                return list(line.file(defaultFile), out);
            case "stress": {
                int processes = line.number("processes", Demos.DEFAULT_PROCESSES, 1, 32);
                int tasks = line.number("tasks", Demos.DEFAULT_TASKS, 1, 1000);
                Path recordings = recordings(line);
                if (line.has("file")) {
                    Path file = line.file(defaultFile).toAbsolutePath();
                    if (!Files.isDirectory(file.getParent())) {
                        throw new CommandLine.UsageException("the directory of --file " + line.file(defaultFile)
                                + " does not exist; create it first");
                    }
                    return code(demos.stress(file, file.resolveSibling("plain-" + file.getFileName()), processes, tasks,
                            recordings));
                }
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.stress(dir.path().resolve("tasks.json"), dir.path().resolve("plain-tasks.json"),
                            processes, tasks, recordings));
                }
            }
            case "crash-demo": {
                int rounds = line.number("rounds", Demos.DEFAULT_ROUNDS, 1, 100);
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.crash(dir.path(), rounds));
                }
            }
            case "corrupt-demo":
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.corrupt(dir.path()));
                }
            case "flaky-demo":
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.flaky(dir.path()));
                }
            case "full-disk-demo":
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.fullDisk(dir.path()));
                }
            default:
                try (DemoDirectory dir = DemoDirectory.create()) {
                    return code(demos.tour(dir));
                }
        }
    }

    /** The directory of {@code --jfr}, created when missing, or {@code null} without the option. */
    private static Path recordings(CommandLine line) throws CommandLine.UsageException, IOException {
        String dir = line.option("jfr");
        if (dir == null) {
            return null;
        }
        if (dir.contains(",")) {
            // -XX:StartFlightRecording separates its settings with commas.
            throw new CommandLine.UsageException("--jfr " + dir + " has a comma, which -XX:StartFlightRecording cannot"
                    + " take in a file name; choose a directory without one");
        }
        return Files.createDirectories(Path.of(dir)).toAbsolutePath();
    }

    private static int add(CommandLine line, PrintStream out) throws CommandLine.UsageException, IOException {
        if (line.words().isEmpty()) {
            throw new CommandLine.UsageException("add needs a TITLE");
        }
        Path file = line.file(Path.of("tasks.json"));
        String createdBy = System.getProperty("user.name") + " (pid " + ProcessHandle.current().pid() + ")";
        TaskStore store = new ResilientTaskStore();
        Task task = store.add(file, String.join(" ", line.words()), createdBy);
        out.printf("added \"%s\" (id %s) to %s%n", task.title(), shortId(task), file);
        return OK;
    }

    private static int list(Path file, PrintStream out) throws IOException {
        List<Task> tasks = new ResilientTaskStore().load(file);
        out.printf("%d task%s in %s%s%n", tasks.size(), tasks.size() == 1 ? "" : "s", file,
                Files.exists(file) ? "" : " (no such file yet)");
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            out.printf("%3d. %s  [%s, by %s]%n", i + 1, task.title(), shortId(task), task.createdBy());
        }
        return OK;
    }

    private static String shortId(Task task) {
        return task.id().length() > 8 ? task.id().substring(0, 8) : task.id();
    }

    private static int code(boolean ok) {
        return ok ? OK : FAILED;
    }
}
