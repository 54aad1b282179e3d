package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.weaving.AnnotatedMethod;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/circuit-breaker.md compile, resolve and run as the page says. */
class CircuitBreakerDocsTest {

    private static final Path PAGE = Path.of("..", "docs", "circuit-breaker.md");

    @TempDir
    Path dir;

    private static String snippet(String name) throws Exception {
        assertThat(PAGE).as("docs/circuit-breaker.md, from the module directory").isRegularFile();
        Matcher matcher = Pattern.compile("<!-- circuit-breaker: " + name + " -->\n```\\w+\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(PAGE));
        assertThat(matcher.find()).as("snippet %s on the page", name).isTrue();
        return matcher.group(1);
    }

    private Class<?> compile(String className, String source) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean compiled = javac.getTask(diagnostics, files, null, List.of("--release", "17", "-Xlint:all", "-Werror",
                    "-proc:none", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")), null,
                    files.getJavaFileObjects(file)).call();
            assertThat(compiled).as("javac of the page's %s:%n%s", className, diagnostics).isTrue();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(className);
    }

    @Test
    void theAnnotatedMethodsShareOneBreakerWithThePagesValues() throws Throwable {
        Class<?> store = compile("ShareStore", snippet("java"));
        Object instance = store.getConstructor().newInstance();
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");
        Method load = store.getMethod("load", Path.class);

        Object loaded = AnnotatedMethod.of(load).invoke(instance, new Object[] {file}, args -> {
            try {
                return load.invoke(instance, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        AnnotatedMethod.of(store.getMethod("save", Path.class, String.class)).validate();

        assertThat(loaded).isEqualTo("[]");
        assertThat(BreakerRegistry.shared().find("tasks-share").settings())
                .isEqualTo(new CircuitBreakerSettings("tasks-share", 3, 2, Duration.ofSeconds(30), 1));
    }

    @Test
    void theVariablesPutTheHelpersBehindTheBreaker() throws Exception {
        Map<String, String> environment = new HashMap<>();
        for (String line : snippet("env").split("\n")) {
            String[] variable = line.replaceFirst("^export ", "").split("=", 2);
            environment.put(variable[0], variable[1]);
        }
        ResilientIoConfig config = ResilientIoConfig.from(environment, Map.of());

        CircuitBreakerSettings expected = new CircuitBreakerSettings("tasks-share", 3, 2, Duration.ofSeconds(30), 1);
        assertThat(config.circuitBreaker("ResilientJson.updateJson", SettingOverrides.NONE)).isEqualTo(expected);
        assertThat(config.circuitBreaker("ResilientFiles.writeText", SettingOverrides.NONE)).isEqualTo(expected);
        assertThat(config.circuitBreaker("ResilientFiles.readText", SettingOverrides.NONE)).isNull();
    }

    @Test
    void thePlainApiHelperWritesThroughItsBreaker() throws Exception {
        Class<?> files = compile("ShareFiles", snippet("plain"));
        Path file = dir.resolve("tasks.txt");

        files.getMethod("save", Path.class, String.class).invoke(null, file, "written");

        assertThat(file).hasContent("written");
        assertThat(BreakerRegistry.shared().find("reports-share")).as("made on its first call").isNotNull();
    }
}
