package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/recovery-file.md says what it shows: its Java example compiles and finds the recovery file of a
 * failed {@code writeText}, and its sample description has exactly the fields a real one has, in order.
 */
class RecoveryFileDocTest {

    private static final Path PAGE = Path.of("..", "docs", "recovery-file.md");
    private static final Pattern JAVA = Pattern.compile("<!-- example: recovery-notice -->\n```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JSON = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^  \"(\\w+)\":", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @Test
    void theExampleFindsTheRecoveryFileOfAFailedWrite() throws Exception {
        Path dir = temp.toRealPath();
        Path path = Files.writeString(dir.resolve("notes.txt"), "old");
        blockBackupOf(path);
        config.set("resilientio.atomic.keep-failed", "true");
        config.set("resilientio.atomic.backups", "1");
        Path classes = compile(block(JAVA));

        Throwable failure;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("doc.Example").getMethod("run", Path.class, String.class);
            failure = catchThrowable(() -> {
                try {
                    run.invoke(null, path, "unsaved text");
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }

        assertThat(failure).isInstanceOf(java.io.IOException.class).hasMessageContaining("notes.txt.failed");
        assertThat(dir.resolve("notes.txt.failed")).hasContent("unsaved text");
        assertThat(path).hasContent("old");
    }

    @Test
    void theSampleDescriptionHasTheFieldsOfARealOne() throws Exception {
        Path dir = temp.toRealPath();
        Path path = Files.writeString(dir.resolve("notes.txt"), "old");
        blockBackupOf(path);
        config.set("resilientio.atomic.keep-failed", "true");
        config.set("resilientio.atomic.backups", "1");

        catchThrowable(() -> ResilientFiles.writeText(path, "unsaved"));

        assertThat(fields(Files.readString(dir.resolve("notes.txt.failed.json")))).isEqualTo(fields(block(JSON)));
    }

    /** A non-empty directory where the commit moves the target's backup: the rename fails (EISDIR). */
    private static void blockBackupOf(Path target) throws java.io.IOException {
        Files.writeString(Files.createDirectory(Path.of(target + ".backup")).resolve("inside"), "x");
    }

    private static List<String> fields(String json) {
        List<String> names = new ArrayList<>();
        Matcher field = FIELD.matcher(json);
        while (field.find()) {
            names.add(field.group(1));
        }
        return names;
    }

    private static String block(Pattern pattern) throws java.io.IOException {
        Matcher matcher = pattern.matcher(Files.readString(PAGE));
        assertThat(matcher.find()).as("%s in %s", pattern, PAGE).isTrue();
        return matcher.group(1);
    }

    private Path compile(String snippet) throws Exception {
        String source = "package doc;\n"
                + "import dev.resilientio.core.RecoveryFileNotice;\n"
                + "import dev.resilientio.core.ResilientFiles;\n"
                + "import java.io.IOException;\n"
                + "import java.nio.file.Path;\n"
                + "import java.util.Optional;\n"
                + "public final class Example {\n"
                + "    public static void run(Path path, String text) throws IOException {\n"
                + snippet
                + "    }\n"
                + "}\n";
        Path sources = Files.createDirectories(temp.resolve("src/doc"));
        Path file = Files.writeString(sources.resolve("Example.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
            compiled = javac.getTask(diagnostics, fileManager, null,
                    List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror", "-d", classes.toString(),
                            "-cp", ChildJvm.classPath()),
                    null, fileManager.getJavaFileObjects(file.toFile())).call();
        }
        assertThat(compiled).as("javac of the doc's example:%n%s%nsource:%n%s", diagnostics, source).isTrue();
        return classes;
    }
}
