package dev.resilientio.core.testsupport;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts real child JVMs running a main class from the test class path, for tests that need other
 * processes: lock contention, lost updates, kill -9 mid-write.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The java launcher of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path, as Surefire gives it (its booter jar hides the real one from java.class.path). */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The running JVM's {@code -javaagent} options, so that a child is woven the way its parent is. */
    public static List<String> javaAgents() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-javaagent:"))
                .toList();
    }

    /** The command that runs {@code mainClass} with {@code args} in a new JVM. */
    public static List<String> command(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(javaAgents());
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts {@code mainClass} in a new JVM; its stderr goes to {@code log} (appended) and its stdout
     * stays readable from the process.
     */
    public static Process start(File log, Class<?> mainClass, String... args) throws IOException {
        return start(log, Map.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM as {@link #start(File, Class, String...)} does, with
     * environment variables set (or replaced) on top of this JVM's, as a user sets them for a process.
     */
    public static Process start(File log, Map<String, String> environment, Class<?> mainClass, String... args)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, args))
                .redirectError(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
