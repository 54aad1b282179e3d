package com.example;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot snippet project of scripts/check-snippets.sh: the README's quick-start TaskStore and a flaky
 * reader as beans, woven at compile time, with docs/getting-started.md's application.properties. Exits with
 * status 1 and the reason when the starter did not apply a property or an annotation did not apply.
 */
@SpringBootApplication
public class Main {

    /**
     * The quick start's store, as a bean.
     *
     * @return a new store
     */
    @Bean
    TaskStore taskStore() {
        return new TaskStore();
    }

    /**
     * A reader that fails three times, as a bean.
     *
     * @return a new reader
     */
    @Bean
    Flaky flaky() {
        return new Flaky();
    }

    /**
     * Starts the application (its weaving check runs at start-up), then runs the checks; prints one line starting
     * with {@code snippet app OK} when all pass.
     *
     * @param args Spring's command line
     * @throws Exception when an annotated call fails
     */
    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext context = SpringApplication.run(Main.class, args)) {
            Path dir = Files.createTempDirectory("resilient-io-snippet");
            Path file = dir.resolve("tasks.json");
            TaskStore store = context.getBean(TaskStore.class);
            store.save(file, "[\"first\"]");
            store.save(file, "[\"second\"]");
            check(Files.readString(dir.resolve("tasks.json.backup")).equals("[\"first\"]"),
                    "@AtomicWrite(backups = 2) kept no backup of the first save");
            Duration lockTimeout = ResilientIoConfig.global().operation("TaskStore.save").lockTimeout();
            check(lockTimeout.equals(Duration.ofSeconds(30)),
                    "resilientio.operations[TaskStore.save].lock.timeout=30s gave a lock timeout of " + lockTimeout);
            Flaky flaky = context.getBean(Flaky.class);
            flaky.read(file);
            check(flaky.attempts == 4, "resilientio.retry.max-attempts=4 gave " + flaky.attempts + " attempts");
            System.out.println("snippet app OK: Spring Boot started with resilientio.weaving-check=fail, the beans"
                    + " woven, two atomic saves left a backup, resilientio.retry.max-attempts=4 let a read that"
                    + " failed 3 times succeed on attempt " + flaky.attempts + ", TaskStore.save's lock timeout "
                    + lockTimeout.toSeconds() + " s from resilientio.operations[TaskStore.save]");
        }
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            System.err.println("snippet app FAILED: " + failure);
            System.exit(1);
        }
    }

    /** A read that meets a transient error three times: only a fourth attempt, from the properties, succeeds. */
    static class Flaky {
        int attempts;

        @RetryFileOperation(initialDelay = "1ms")
        String read(Path file) throws IOException {
            if (++attempts < 4) {
                throw new IOException("Resource busy");
            }
            return Files.readString(file);
        }
    }
}
