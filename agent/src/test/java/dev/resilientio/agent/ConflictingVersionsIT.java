package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.json.jackson2.ResilientJson;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that brings its own, different versions of what the agent carries (Byte Buddy)
 * and of what its engine logs through (SLF4J), plus Resilience4j, Jackson 2 and 3, resilient-io-json-jackson2 and no
 * resilient-io-core, runs under the shaded agent jar: its annotations work through the agent's
 * hidden copy of Byte Buddy, its JSON helpers through the agent's core and its own Jackson 2, while its own
 * libraries keep their own versions. The agent carries no Jackson at all.
 */
class ConflictingVersionsIT {

    @TempDir
    static Path build;

    private static Map<String, String> findings;
    private static AgentJvm.Finished run;

    @BeforeAll
    static void runTheAppUnderTheAgent() throws Exception {
        List<Path> classPath = new ArrayList<>();
        classPath.add(compileApp(build.resolve("classes")));
        classPath.addAll(resilientIoJars());
        classPath.addAll(libraries());
        Path work = Files.createDirectories(build.resolve("work"));
        Path logs = Files.createDirectories(build.resolve("logs"));
        // Another process holds the lock of held.txt all along, so the app's @FileLocked call must time out.
        try (FileChannel channel = FileChannel.open(work.resolve("held.txt.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.lock(); // released as the channel closes
            run = AgentJvm.run(logs, classPath, "dev.resilientio.conflictingapp.ConflictingVersionsApp",
                    work.toString());
        }
        findings = new LinkedHashMap<>();
        run.stdout().lines().filter(line -> line.contains(": "))
                .forEach(line -> findings.put(line.substring(0, line.indexOf(": ")),
                        line.substring(line.indexOf(": ") + 2)));
    }

    @Test
    void appRunsOnTheAgentsOwnCore() {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(findings).as(run.describe())
                .containsEntry("core", AgentJvm.agentJar().getFileName().toString())
                .containsEntry("weaving check", "passed");
    }

    @Test
    void retriesTransientFailureOfAnnotatedMethodAndLogsThroughTheAppsSlf4j() {
        assertThat(findings).as(run.describe()).containsEntry("retry", "busy contents after 3 attempts");
        // slf4j-simple's format: the agent's core logs to the application's SLF4J 1.7 binding.
        assertThat(run.stderr()).as(run.describe())
                .contains("WARN dev.resilientio.core.retry.FileRetry - Journal.readBusy failed on attempt 1/3");
    }

    @Test
    void atomicWriteReplacesTargetThroughTempAndLeavesNone() {
        assertThat(findings.get("atomic write")).as(run.describe())
                .matches("handed \\.journal\\.txt\\..+\\.tmp; journal\\.txt holds 'entry 1'; temps left 0");
    }

    @Test
    void lockedMethodWaitsForTheLockAnotherProcessHolds() {
        assertThat(findings.get("lock")).as(run.describe())
                .startsWith("dev.resilientio.core.FileLockTimeoutException: ")
                .contains("held.txt.lock");
    }

    @Test
    void jackson2HelpersOfTheAppRunOnTheAgentsCoreWithTheAppsOwnJackson2() {
        assertThat(findings.get("json jackson2")).as(run.describe())
                .startsWith(AgentJvm.codeSource(ResilientJson.class).getFileName() + " on "
                        + AgentJvm.agentJar().getFileName() + " with jackson-databind-" + version("jackson2") + ".jar: ")
                .endsWith("written, then updated; the file holds { \"entry\" : \"written, then updated\" }");
    }

    @Test
    void appsOwnLibrariesKeepTheirOwnVersions() {
        String bytebuddy = version("bytebuddy");
        String jackson2 = version("jackson2");
        String jackson3 = version("jackson3");
        assertThat(findings).as(run.describe())
                .containsEntry("byte buddy", "byte-buddy-" + bytebuddy + ".jar made by the app's Byte Buddy")
                .containsEntry("jackson 2", jackson2 + " jackson-databind-" + jackson2 + ".jar {\"entry\":\"two\"}")
                .containsEntry("jackson 3", jackson3 + " jackson-databind-" + jackson3 + ".jar {\"entry\":\"three\"}")
                .containsEntry("jackson annotations", "jackson-annotations-" + version("jackson-annotations") + ".jar")
                .containsEntry("resilience4j",
                        "resilience4j-retry-" + version("resilience4j") + ".jar ok after 2 calls")
                .containsEntry("slf4j", "slf4j-api-" + version("slf4j") + ".jar org.slf4j.impl.SimpleLoggerFactory");
        assertThat(run.stderr()).contains("INFO dev.resilientio.conflictingapp.ConflictingVersionsApp"
                + " - the app's own log line");
    }

    @Test
    void appsVersionsDifferFromTheAgentsOwn() throws IOException {
        assertThat(carriedVersion("inst/META-INF/maven/net.bytebuddy/byte-buddy")).isNotEqualTo(version("bytebuddy"));
    }

    @Test
    void theApplicationSeesOnlyTheEngineAndTheBootstrapOfTheAgentJar() throws IOException {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).filter(name -> !name.endsWith("/")).toList();
            List<String> visibleClasses = entries.stream()
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")).toList();

            // On the system class path: one engine and lock registry per JVM, the Resilience4j it links to (and that
            // one's SLF4J), relocated, and the class the JVM starts the agent with.
            assertThat(visibleClasses).isNotEmpty().allMatch(name -> name.startsWith("dev/resilientio/core/")
                    || name.startsWith("dev/resilientio/annotations/")
                    || name.startsWith("dev/resilientio/agent/shaded/resilience4j/")
                    || name.startsWith("dev/resilientio/agent/shaded/slf4j/")
                    || name.matches("dev/resilientio/agent/(ResilientIoAgent|AgentClassLoader)(\\$.*)?\\.class"));
            assertThat(visibleClasses).as("core's circuit breaker, relocated")
                    .contains("dev/resilientio/agent/shaded/resilience4j/circuitbreaker/CircuitBreaker.class",
                            "dev/resilientio/agent/shaded/slf4j/impl/StaticLoggerBinder.class");
            // No SLF4J or Resilience4j of their own names: the engine logs through the application's own SLF4J, and
            // an application's Resilience4j is its own.
            assertThat(entries).noneMatch(name -> name.startsWith("org/slf4j/") || name.startsWith("io/github/resilience4j/")
                    || name.startsWith("inst/org/") || name.startsWith("inst/io/"));
            // The agent's own code and its Byte Buddy, where no class loader but the agent's finds them.
            assertThat(entries).anyMatch(name -> name.startsWith("inst/dev/resilientio/agent/shaded/bytebuddy/")
                    && name.endsWith(".classdata"));
            assertThat(entries).anyMatch(name -> name.equals("inst/dev/resilientio/agent/internal/AgentInstaller.classdata"));
            assertThat(entries).noneMatch(name -> name.startsWith("inst/") && name.endsWith(".class"));
            assertThat(entries).noneMatch(name -> name.startsWith("net/") || name.startsWith("org/"));
        }
    }

    @Test
    void agentJarCarriesNoJackson() throws IOException {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName)).as("entries of the agent jar")
                    .isNotEmpty().noneMatch(name -> name.toLowerCase(Locale.ROOT).contains("jackson"));
        }
    }

    /** The version of a conflicting library, as agent/pom.xml pins it. */
    private static String version(String library) {
        return AgentJvm.property("resilientio.conflicting." + library + ".version");
    }

    /** The version of a library inside the shaded jar, from the Maven metadata shading keeps. */
    private static String carriedVersion(String metadataFolder) throws IOException {
        try (JarFile jar = new JarFile(AgentJvm.agentJar().toFile())) {
            ZipEntry entry = jar.getEntry(metadataFolder + "/pom.properties");
            assertThat(entry).as("%s in the agent jar", metadataFolder).isNotNull();
            Properties properties = new Properties();
            properties.load(jar.getInputStream(entry));
            return properties.getProperty("version");
        }
    }

    /** The app's resilient-io artifacts: the annotations and the Jackson 2 JSON helpers; its core is the agent's. */
    private static List<Path> resilientIoJars() {
        return List.of(AgentJvm.codeSource(RetryFileOperation.class), AgentJvm.codeSource(ResilientJson.class));
    }

    private static List<Path> libraries() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(AgentJvm.property("resilientio.conflicting.libs")))) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Compiles the app with plain javac against its own libraries, as its build would. */
    private static Path compileApp(Path classes) throws IOException {
        Files.createDirectories(classes);
        Path sources = Path.of(AgentJvm.property("resilientio.conflicting.app"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).toList();
        }
        List<String> classPath = new ArrayList<>(libraries().stream().map(Path::toString).toList());
        resilientIoJars().forEach(jar -> classPath.add(jar.toString()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
            // Byte Buddy's class files name SpotBugs annotations that are not on the class path.
            boolean compiled = javac.getTask(diagnostics, fileManager, null,
                    List.of("--release", "17", "-Xlint:all", "-Xlint:-classfile", "-Werror", "-d", classes.toString(),
                            "-cp", String.join(File.pathSeparator, classPath)),
                    null, fileManager.getJavaFileObjectsFromPaths(files)).call();
            assertThat(compiled).as("javac of the conflicting app:%n%s", diagnostics).isTrue();
        }
        return classes;
    }
}
