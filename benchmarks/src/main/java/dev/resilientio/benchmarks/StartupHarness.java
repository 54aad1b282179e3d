package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * P5 (not JMH): generates an application of 2,000 classes, 10 of them with a
 * {@code @RetryFileOperation} method, compiles it, and times {@code java} from start to the end of
 * its main, with no agent, with the Byte Buddy agent and with AspectJ load-time weaving. The modes
 * take turns in every round, so that a noisy neighbour hurts them alike; the median counts. A fourth
 * mode, an agent whose {@code premain} does nothing, times what any {@code -javaagent} costs this JVM
 * before an agent does any work: the floor under the agent's ratio.
 *
 * <p>Arguments: the JSON file to write the result to, the number of timed rounds, the agents'
 * directory (holding resilient-io-agent.jar and aspectjweaver.jar). With {@code -Dbench.keepApp=true}
 * the generated application is kept, for profiling one mode by hand.
 */
public final class StartupHarness {

    private static final int CLASSES = 2000;
    private static final int ANNOTATED_EVERY = 200;

    private StartupHarness() {
    }

    /**
     * Runs P5.
     *
     * @param args result file, rounds, agents' directory
     * @throws Exception when the application cannot be generated, compiled or run
     */
    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path agents = Path.of(args[2]).toAbsolutePath();
        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("none", List.of());
        modes.put("empty agent", List.of()); // its jar is built below, in the run's directory
        modes.put("agent", List.of("-javaagent:" + agents.resolve("resilient-io-agent.jar")));
        modes.put("ltw", List.of("-javaagent:" + agents.resolve("aspectjweaver.jar")));

        Path directory = BenchFiles.freshDirectory("p5-");
        try {
            Path classes = generateAndCompile(directory);
            modes.put("empty agent", List.of("-javaagent:" + emptyAgent(directory)));
            Path target = directory.resolve("target.json");
            // One untimed run per mode, which also proves that the weaving agents really wove the 10 methods.
            for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
                run(mode.getValue(), classes, target, mode.getKey().equals("agent") || mode.getKey().equals("ltw"));
            }
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            modes.keySet().forEach(mode -> seconds.put(mode, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
                    seconds.get(mode.getKey()).add(run(mode.getValue(), classes, target, false));
                }
            }
            double none = median(seconds.get("none"));
            double agent = median(seconds.get("agent"));
            double ltw = median(seconds.get("ltw"));
            double emptyAgent = median(seconds.get("empty agent"));
            String samples = seconds.entrySet().stream()
                    .map(entry -> "\"" + entry.getKey() + "\": " + entry.getValue().stream()
                            .map(value -> String.format(Locale.ROOT, "%.4f", value))
                            .collect(Collectors.joining(", ", "[", "]")))
                    .collect(Collectors.joining(", ", "{", "}"));
            String json = String.format(Locale.ROOT, "{\"classes\": %d, \"annotated\": %d, \"rounds\": %d,"
                    + " \"medianNone\": %.4f, \"medianAgent\": %.4f, \"medianLtw\": %.4f, \"medianEmptyAgent\": %.4f,"
                    + " \"agentVsNone\": %.4f, \"agentVsLtw\": %.4f, \"emptyAgentVsNone\": %.4f, \"samples\": %s}%n",
                    CLASSES, CLASSES / ANNOTATED_EVERY, rounds, none, agent, ltw, emptyAgent, agent / none, agent / ltw,
                    emptyAgent / none, samples);
            Files.writeString(result, json);
            System.out.print("P5 " + json);
        } finally {
            if (Boolean.getBoolean("bench.keepApp")) {
                // For profiling one mode by hand: java -cp <classes>:<class path> gen.Main <file>
                System.out.println("P5 application kept in " + directory.resolve("classes"));
            } else {
                BenchFiles.delete(directory);
            }
        }
    }

    private static Path generateAndCompile(Path directory) throws IOException {
        Path sources = directory.resolve("src/gen");
        Files.createDirectories(sources);
        List<Path> files = new ArrayList<>();
        StringBuilder main = new StringBuilder("package gen;\n\npublic final class Main {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        java.nio.file.Path file = java.nio.file.Path.of(args[0]);\n        long sum = 0;\n");
        List<String> annotated = new ArrayList<>();
        for (int i = 0; i < CLASSES; i++) {
            String name = String.format(Locale.ROOT, "C%04d", i);
            boolean withAnnotation = i % ANNOTATED_EVERY == 0;
            StringBuilder source = new StringBuilder("package gen;\n\npublic final class ").append(name)
                    .append(" {\n    private final int[] values = {").append(i).append(", ").append(i * 7)
                    .append("};\n\n    public static long touch(long x) {\n        return x * 31 + new ")
                    .append(name).append("().values[1];\n    }\n");
            if (withAnnotation) {
                source.append("\n    @dev.resilientio.annotations.RetryFileOperation\n")
                        .append("    public static int read(java.nio.file.Path file) throws java.io.IOException {\n")
                        .append("        return file.getNameCount();\n    }\n");
                annotated.add(name);
                main.append("        sum += ").append(name).append(".read(file);\n");
            }
            source.append("}\n");
            Path file = sources.resolve(name + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            files.add(file);
            main.append("        sum = ").append(name).append(".touch(sum);\n");
        }
        main.append("        if (args.length > 1) {\n            dev.resilientio.core.weaving.WeavingCheck.verify(")
                .append(annotated.stream().map(name -> name + ".class").collect(Collectors.joining(", ")))
                .append(");\n        }\n        System.out.println(\"sum \" + sum);\n    }\n}\n");
        Path mainFile = sources.resolve("Main.java");
        Files.writeString(mainFile, main, StandardCharsets.UTF_8);
        files.add(mainFile);

        Path classes = directory.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> javacArgs = new ArrayList<>(List.of("-proc:none", "-nowarn", "-cp", ChildJvm.classPath(),
                "-d", classes.toString()));
        files.forEach(file -> javacArgs.add(file.toString()));
        int status = javac.run(null, null, null, javacArgs.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("javac could not compile the generated application in " + sources
                    + " (exit " + status + "); its errors are above");
        }
        return classes;
    }

    /** A jar whose agent's {@code premain} returns at once, compiled here like the application. */
    private static Path emptyAgent(Path directory) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("empty-agent/src/empty"));
        Path source = Files.writeString(sources.resolve("EmptyAgent.java"), "package empty;\n\npublic final class"
                + " EmptyAgent {\n    public static void premain(String options, java.lang.instrument.Instrumentation"
                + " instrumentation) {\n    }\n}\n", StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(directory.resolve("empty-agent/classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-d", classes.toString(),
                source.toString());
        if (status != 0) {
            throw new IOException("javac could not compile the empty agent " + source + " (exit " + status + ")");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "empty.EmptyAgent");
        Path jar = directory.resolve("empty-agent/empty-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("empty/EmptyAgent.class"));
            out.write(Files.readAllBytes(classes.resolve("empty/EmptyAgent.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static double run(List<String> agent, Path classes, Path target, boolean verify)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(agent);
        options.add("-Xshare:auto");
        String[] args = verify ? new String[] {target.toString(), "verify"} : new String[] {target.toString()};
        List<String> command = ChildJvm.command(options, classes.toString(), "gen.Main", args);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || !output.contains("sum ")) {
            throw new IOException("The generated application failed under " + agent + " (exit " + exit + "): "
                    + output + "\ncommand: " + String.join(" ", command));
        }
        return seconds;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
