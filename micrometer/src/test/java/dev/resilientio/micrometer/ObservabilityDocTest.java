package dev.resilientio.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.EngineTime;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.TestTime;
import dev.resilientio.core.testsupport.Woven;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Micrometer section of docs/observability.md does what it says: its Maven coordinates are this
 * module's, its Java snippet compiles and counts the calls made while it is bound, and its listing
 * of meters is what a registry holds after the calls the page describes.
 */
class ObservabilityDocTest {

    private static final Path PAGE = Path.of("..", "docs", "observability.md");
    /** The operation and breaker names of the page's calls, so that other tests' breakers in this JVM are left out. */
    private static final Pattern OWN_LINE = Pattern.compile(
            ".*(operation='(TaskStore|TaskReader|ShareLog|ResilientFiles)\\.|breaker='tasks-share').*");
    private static final Pattern TIMES = Pattern.compile("(total_time|max)=[0-9.E-]+ seconds");

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path temp;

    private static String page() throws IOException {
        assertThat(PAGE).as("docs/observability.md, from the module directory").isRegularFile();
        return Files.readString(PAGE);
    }

    private static String block(String language, String containing) throws IOException {
        Matcher blocks = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(page());
        while (blocks.find()) {
            if (blocks.group(1).contains(containing)) {
                return blocks.group(1);
            }
        }
        throw new AssertionError("docs/observability.md has no ```" + language + " block with " + containing);
    }

    @Test
    void theMavenCoordinatesAreThisModulesAtTheBuildsVersion() throws IOException {
        String dependency = block("xml", "<dependency>");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher parentVersion = Pattern.compile("<version>(.*?)</version>").matcher(pom);

        assertThat(parentVersion.find()).isTrue();
        assertThat(dependency).contains("<groupId>dev.resilientio</groupId>")
                .contains("<artifactId>resilient-io-micrometer</artifactId>")
                .contains("<version>" + parentVersion.group(1) + "</version>");
        assertThat(pom).contains("<artifactId>resilient-io-micrometer</artifactId>");
    }

    /** The snippet's {@code import} lines head a class; the rest is a method of a {@code registry}, whose comment line makes a call. */
    @Test
    void theJavaSnippetCountsTheCallsMadeWhileItIsBound() throws Exception {
        String snippet = block("java", "ResilientIoMetrics");
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : snippet.split("\n")) {
            if (line.startsWith("import ")) {
                imports.append(line).append('\n');
            } else if (line.contains("the application runs")) {
                body.append("dev.resilientio.core.ResilientFiles.writeText(file, \"[]\");\n");
            } else {
                body.append(line).append('\n');
            }
        }
        assertThat(body).as("the snippet's comment where the application runs").contains("ResilientFiles.writeText");
        Path classes = compile("package doc;\n" + imports
                + "public final class Snippet {\n"
                + "    public static void run(io.micrometer.core.instrument.MeterRegistry registry, java.nio.file.Path file)"
                + " throws Exception {\n" + body + "    }\n}\n");
        MeterRegistry registry = new SimpleMeterRegistry();
        Path file = temp.resolve("tasks.json");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("doc.Snippet").getMethod("run", MeterRegistry.class, Path.class).invoke(null, registry, file);
        }
        ResilientFiles.writeText(file, "[1]");

        assertThat(registry.get(ResilientIoMetrics.CALLS).tag("operation", "ResilientFiles.writeText").counter().count())
                .as("the call made while bound, not the one after close()").isEqualTo(1.0);
    }

    private Path compile(String source) throws IOException {
        Path file = Files.createDirectories(temp.resolve("src/doc")).resolve("Snippet.java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            compiled = javac.getTask(diagnostics, files, null, List.of("--release", "17", "-proc:none", "-Xlint:all",
                    "-Werror", "-d", classes.toString(), "-cp", ChildJvm.classPath()), null,
                    files.getJavaFileObjects(file.toFile())).call();
        }
        assertThat(compiled).as("javac of the page's snippet:%n%s%nsource:%n%s", diagnostics, source).isTrue();
        return classes;
    }

    @Test
    @SuppressWarnings("try") // the resources install a time or a fault for their block
    void theListingIsWhatARegistryHoldsAfterThePagesCalls() throws Throwable {
        Path dir = temp.toRealPath();
        config.set("resilientio.atomic.backups", "1");
        config.set("resilientio.tasks-share.circuit-breaker.failure-threshold", "1");
        config.set("resilientio.ShareLog.append.retry.max-attempts", "1");
        config.set("resilientio.ResilientFiles.withLock.lock.timeout", "2s");
        FileOperation save = FileOperation.named("TaskStore.save");
        FileOperation load = FileOperation.named("TaskStore.load");
        FileOperation append = FileOperation.named("ShareLog.append").withCircuitBreaker("tasks-share");
        Path tasks = dir.resolve("tasks.json");
        Path log = dir.resolve("share.log");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (ResilientIoMetrics metrics = new ResilientIoMetrics();
                EngineTime.Installed time = EngineTime.install(TestTime.virtual(new RecordingSleeper()))) {
            metrics.bindTo(registry);
            metrics.bindTo(prometheus);
            save.write(tasks, bytes("[1]"));
            save.write(tasks, bytes("[1,2]"));
            try (FaultSeam.Installed busy = FailingAttempts.on(tasks, 2, "Device or resource busy")) {
                save.write(tasks, bytes("[1,2,3]"));
            }
            load.read(tasks, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            load.read(tasks, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThatThrownBy(() -> load.read(dir.resolve("missing.json"), in -> in.readAllBytes()))
                    .isInstanceOf(NoSuchFileException.class);
            Files.writeString(tasks, "[1,2,3", StandardCharsets.UTF_8);
            assertThat(Woven.call(new TaskReader(), "load", tasks)).isEqualTo("[1,2]");
            try (HeldLock held = HeldLock.hold(tasks, LockMode.SHARED)) {
                assertThatThrownBy(() -> ResilientFiles.withLock(tasks, LockMode.EXCLUSIVE, () -> null))
                        .isInstanceOf(FileLockTimeoutException.class);
            }
            try (FaultSeam.Installed unwell = FailingAttempts.on(log, 1, "Input/output error")) {
                assertThatThrownBy(() -> append.write(log, bytes("entry"))).isInstanceOf(FileSystemException.class);
            }
            assertThatThrownBy(() -> append.write(log, bytes("entry"))).isInstanceOf(FileCircuitOpenException.class);
        }

        String actual = listing(registry.getMetersAsString());
        Matcher documented = Pattern.compile("<!-- micrometer: meters -->\n```text\n(.*?)```", Pattern.DOTALL).matcher(page());
        assertThat(documented.find()).as("the listing of docs/observability.md").isTrue();
        Files.writeString(Path.of("target", "observability-meters.txt"), actual);
        assertThat(masked(documented.group(1))).as("docs/observability.md's listing; this run's is in"
                + " micrometer/target/observability-meters.txt").isEqualTo(masked(actual));

        String scrape = scraped(prometheus.scrape());
        Matcher shown = Pattern.compile("<!-- micrometer: prometheus -->\n```text\n(.*?)```", Pattern.DOTALL).matcher(page());
        assertThat(shown.find()).as("the Prometheus scrape of docs/observability.md").isTrue();
        Files.writeString(Path.of("target", "observability-prometheus.txt"), scrape);
        assertThat(maskedScrape(shown.group(1))).as("docs/observability.md's scrape; this run's is in"
                + " micrometer/target/observability-prometheus.txt").isEqualTo(maskedScrape(scrape));
    }

    /**
     * The scrape's lines of the engine's meters, in its own order (by meter): its comments and the page's
     * series, without the breakers other tests of this JVM made.
     */
    private static String scraped(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("# ") ? line.contains(" resilientio_")
                : line.startsWith("resilientio_") && (!line.contains("breaker=") || line.contains("breaker=\"tasks-share\"")))
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** The times are the run's own: the value of every _sum and _max series of a timer. */
    private static String maskedScrape(String scrape) {
        return SCRAPED_TIMES.matcher(scrape).replaceAll("$1 <time>");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The page's own meters, sorted. */
    private static String listing(String meters) {
        String[] lines = meters.lines().filter(line -> OWN_LINE.matcher(line).matches()).sorted().toArray(String[]::new);
        return String.join("\n", Arrays.asList(lines)) + "\n";
    }

    private static final Pattern SCRAPED_TIMES = Pattern.compile("(?m)^(resilientio_\\w+_seconds_(?:sum|max)\\{[^}]*\\}) \\S+$");

    /** The times are the run's own; counts, names and tags must match. */
    private static String masked(String listing) {
        return TIMES.matcher(listing).replaceAll("$1=<time> seconds");
    }
}
