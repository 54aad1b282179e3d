package dev.resilientio.agent;

import dev.resilientio.core.testsupport.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a main class in a child JVM under the shaded agent jar, with a class path of the test's own
 * choosing (never the test class path: the point is what the application brings).
 */
final class AgentJvm {

    private AgentJvm() {
    }

    /** What a child JVM printed and how it ended. */
    record Finished(int exitCode, String stdout, String stderr) {

        /** Everything the child said, for assertion messages. */
        String describe() {
            return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    /** The shaded jar under test, as the build made it. */
    static Path agentJar() {
        return Path.of(property("resilientio.agent.jar"));
    }

    /** A system property the build sets for this module's integration tests. */
    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the agent module's"
                    + " integration tests through Maven (they need the shaded jar of the package phase)");
        }
        return value;
    }

    /** The jar or directory a class was loaded from. */
    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file for the code source of " + type.getName(), e);
        }
    }

    /**
     * Runs {@code mainClass} with {@code -javaagent:} the shaded jar, and waits for it to end.
     *
     * @param logs where the child's stdout and stderr are kept
     * @param classPath the child's whole class path
     * @param mainClass the main class's name
     * @param args its arguments
     * @return what it printed and its exit code
     */
    static Finished run(Path logs, List<Path> classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        return run(List.of("-javaagent:" + agentJar()), logs, classPath, mainClass, args);
    }

    /**
     * Runs {@code mainClass} with no agent on the command line (it may attach one itself), and
     * waits for it to end.
     *
     * @param logs where the child's stdout and stderr are kept
     * @param classPath the child's whole class path
     * @param mainClass the main class's name
     * @param args its arguments
     * @return what it printed and its exit code
     */
    static Finished runWithoutAgent(Path logs, List<Path> classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        return run(List.of(), logs, classPath, mainClass, args);
    }

    private static Finished run(List<String> agentOptions, Path logs, List<Path> classPath, String mainClass,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(agentOptions);
        command.addAll(List.of("-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                mainClass));
        command.addAll(List.of(args));
        Path stdout = logs.resolve("stdout.txt");
        Path stderr = logs.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            Duration timeout = Duration.ofSeconds(90);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(mainClass + " did not end within " + timeout.toSeconds() + " s; its stderr:\n"
                        + Files.readString(stderr));
            }
            return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            // A child that hung may have started children of its own (the stress demo's workers).
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
