package dev.resilientio.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildJvm;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java snippets of docs/plain-api.md compile and run as they stand: a snippet's {@code import} and
 * {@code record} lines go to a class, the rest into a method that gets the snippet's free names as parameters
 * ({@code path}, {@code missing}, {@code myJsonMapper}, ...) and helpers ({@code append}, {@code doWork}).
 */
class ReadmeSnippetTest {

    private static final Path DOC = Path.of("..", "docs", "plain-api.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theJsonSnippetCompilesAndUpdatesTheFile() throws Exception {
        Path classes = compile(snippetImporting("dev.resilientio.json.ResilientJson"),
                "Path path, Path missing, JsonMapper myJsonMapper");
        Path path = dir.resolve("tasks.json");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("readme.Snippet").getMethod("run", Path.class, Path.class, JsonMapper.class);
            run.invoke(null, path, dir.resolve("missing.json"), JsonMapper.builder().build());
        }

        assertThat(Files.readString(path)).contains("write the README");
        assertThat(dir.resolve("missing.json")).doesNotExist();
    }

    @Test
    void theTextFilesSnippetCompilesAndWritesItsFiles() throws Exception {
        Path classes = compile(snippetImporting("dev.resilientio.core.ResilientFiles"),
                "Path notes, Path report, byte[] bytes, Path path");
        Path notes = dir.resolve("notes.txt");
        Path report = dir.resolve("report.bin");
        byte[] bytes = "a report".getBytes(StandardCharsets.UTF_8);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> snippet = loader.loadClass("readme.Snippet");
            snippet.getMethod("run", Path.class, Path.class, byte[].class, Path.class)
                    .invoke(null, notes, report, bytes, dir.resolve("work.txt"));
            assertThat(snippet.getField("worked").getInt(null)).as("doWork() calls under withLock").isEqualTo(1);
        }

        assertThat(notes).hasContent("hello");
        assertThat(report).hasBinaryContent(bytes);
    }

    private static String snippetImporting(String type) throws Exception {
        assertThat(DOC).as("docs/plain-api.md, from the module directory").isRegularFile();
        Matcher blocks = JAVA_BLOCK.matcher(Files.readString(DOC));
        while (blocks.find()) {
            if (blocks.group(1).contains("import " + type + ";")) {
                return blocks.group(1);
            }
        }
        throw new AssertionError("docs/plain-api.md has no ```java block that imports " + type);
    }

    private Path compile(String snippet, String parameters) throws Exception {
        List<String> imports = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet.split("\n")) {
            (line.startsWith("import ") ? imports : line.startsWith("record ") ? members : body).add(line);
        }
        String source = "package readme;\n"
                + "import java.nio.file.Path;\nimport java.util.ArrayList;\nimport java.util.List;\n"
                + "import tools.jackson.databind.json.JsonMapper;\n"
                + String.join("\n", imports) + "\n"
                + "public final class Snippet {\n"
                + String.join("\n", members) + "\n"
                + "    public static int worked;\n"
                + "    static List<String> append(List<String> list, String item) {\n"
                + "        List<String> all = new ArrayList<>(list);\n"
                + "        all.add(item);\n"
                + "        return all;\n"
                + "    }\n"
                + "    static int doWork() {\n"
                + "        return ++worked;\n"
                + "    }\n"
                + "    public static void run(" + parameters + ") throws Exception {\n"
                + String.join("\n", body) + "\n"
                + "    }\n"
                + "}\n";
        Path sources = Files.createDirectories(dir.resolve("src/readme"));
        Path file = Files.writeString(sources.resolve("Snippet.java"), source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
            compiled = javac.getTask(diagnostics, fileManager, null,
                    List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror", "-d", classes.toString(),
                            "-cp", ChildJvm.classPath()),
                    null, fileManager.getJavaFileObjects(file.toFile())).call();
        }
        assertThat(compiled).as("javac of the doc's snippet:%n%s%nsource:%n%s", diagnostics, source).isTrue();
        return classes;
    }
}
