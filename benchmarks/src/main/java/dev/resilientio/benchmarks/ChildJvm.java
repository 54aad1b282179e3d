package dev.resilientio.benchmarks;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of a child JVM for the process harnesses (P4, P5): this JVM's java and class
 * path, made absolute. Written here rather than reused from the examples' {@code JvmProcess},
 * which copies this JVM's agents into the child, where P5 must choose them itself.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(List<String> jvmOptions, String classPathFirst, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPathFirst == null ? classPath() : classPathFirst + File.pathSeparator + classPath());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    static String javaVersion() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }
}
