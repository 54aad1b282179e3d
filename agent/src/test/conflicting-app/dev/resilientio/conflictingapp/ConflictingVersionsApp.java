package dev.resilientio.conflictingapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientio.json.jackson2.ResilientJson;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.vavr.CheckedFunction0;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application with its own versions of the libraries the agent carries, and of Jackson, run
 * under the agent with no resilient-io-core of its own: it uses its annotations, the Jackson 2 JSON
 * helpers and its libraries side by side, and prints one {@code name: value} line per finding for
 * the test to check.
 */
public final class ConflictingVersionsApp {

    private ConflictingVersionsApp() {
    }

    /**
     * Runs every check in the directory given.
     *
     * @param args the work directory, where {@code held.txt.lock} is locked by another process
     * @throws Exception when a check fails outright
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Journal journal = new Journal();

        Class<?> weavingCheck = Class.forName("dev.resilientio.core.weaving.WeavingCheck");
        report("core", jarOf(weavingCheck));
        invoke(weavingCheck, "verify", new Class<?>[] {Class[].class}, (Object) new Class<?>[] {Journal.class});
        report("weaving check", "passed");

        report("retry", journal.readBusy(Files.writeString(dir.resolve("busy.txt"), "busy contents")));

        Path handed = journal.write(dir.resolve("journal.txt"), "entry 1");
        report("atomic write", "handed " + handed.getFileName() + "; journal.txt holds '"
                + Files.readString(dir.resolve("journal.txt")) + "'; temps left " + temps(dir));

        try {
            journal.touch(dir.resolve("held.txt"));
            report("lock", "taken although another process holds it");
        } catch (IOException timedOut) {
            report("lock", timedOut.getClass().getName() + ": " + timedOut.getMessage());
        }

        // The app's resilient-io-json-jackson2, on the agent's core and the app's own Jackson 2.
        Path entry = dir.resolve("entry.json");
        ResilientJson.writeJson(entry, new Entry("written"));
        Entry updated = ResilientJson.updateJson(entry, Entry.class, new Entry("none"),
                current -> new Entry(current.name() + ", then updated"));
        report("json jackson2", jarOf(ResilientJson.class) + " on " + jarOf(Class.forName("dev.resilientio.core.FileOperation"))
                + " with " + jarOf(ObjectMapper.class) + ": " + updated.name() + "; the file holds "
                + Files.readString(entry).replaceAll("\\s+", " "));

        String made = new ByteBuddy(ClassFileVersion.JAVA_V8).subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(ConflictingVersionsApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded().getDeclaredConstructor().newInstance().toString();
        report("byte buddy", jarOf(ByteBuddy.class) + " " + made);

        report("jackson 2", new ObjectMapper().version() + " " + jarOf(ObjectMapper.class) + " "
                + new ObjectMapper().writeValueAsString(new Entry("two")));
        report("jackson 3", JsonMapper.builder().build().version() + " " + jarOf(JsonMapper.class) + " "
                + JsonMapper.builder().build().writeValueAsString(new Entry("three")));
        report("jackson annotations", jarOf(JsonProperty.class));

        int[] calls = {0};
        Retry retry = Retry.of("app", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1)).build());
        CheckedFunction0<String> flaky = Retry.decorateCheckedSupplier(retry, () -> {
            if (++calls[0] < 2) {
                throw new IOException("busy");
            }
            return "ok after " + calls[0] + " calls";
        });
        try {
            report("resilience4j", jarOf(Retry.class) + " " + flaky.apply());
        } catch (Throwable failed) {
            report("resilience4j", "failed: " + failed);
        }

        LoggerFactory.getLogger(ConflictingVersionsApp.class).info("the app's own log line");
        report("slf4j", jarOf(LoggerFactory.class) + " " + LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** A value the app's Jackson versions write. */
    public record Entry(@JsonProperty("entry") String name) {
    }

    private static void report(String name, Object value) {
        System.out.println(name + ": " + value);
    }

    private static String jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    private static long temps(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(entry -> entry.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private static void invoke(Class<?> type, String method, Class<?>[] parameters, Object... args) throws Exception {
        try {
            type.getMethod(method, parameters).invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            throw e;
        }
    }
}
