package com.example;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main class of every Java snippet project of scripts/check-snippets.sh: runs the README's quick-start
 * {@code TaskStore}, a flaky read and docs/recovery.md's {@code TaskReader} on a torn file, then docs/observability.md's
 * listeners, and exits with status 1 and the reason when an annotation or a listener did not apply.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the checks; prints one line starting with {@code snippet app OK} when all pass.
     *
     * @param args not used
     * @throws Exception when weaving is missing or an annotated call fails
     */
    public static void main(String[] args) throws Exception {
        WeavingCheck.verify(TaskStore.class, Flaky.class, TaskReader.class);
        Path dir = Files.createTempDirectory("resilient-io-snippet");
        Path file = dir.resolve("tasks.json");
        TaskStore store = new TaskStore();
        store.save(file, "[\"first\"]");
        store.save(file, "[\"second\"]");
        check(store.load(file).equals("[\"second\"]"), "load() after two saves read " + store.load(file));
        Path backup = dir.resolve("tasks.json.backup");
        check(Files.isRegularFile(backup) && Files.readString(backup).equals("[\"first\"]"),
                "@AtomicWrite(backups = 2) kept no backup of the first save in " + backup);
        Flaky flaky = new Flaky();
        check(flaky.read(file).equals("[\"second\"]") && flaky.attempts == 3,
                "@RetryFileOperation(maxAttempts = 3) ran the flaky read " + flaky.attempts + " times, not 3");
        // docs/recovery.md: a save cut in half by a writer without @AtomicWrite is read from the backup.
        Files.writeString(file, "[\"sec");
        String recovered = new TaskReader().load(file);
        check(recovered.equals("[\"first\"]"), "@RecoverFromBackup read " + recovered + " from a torn tasks.json, not"
                + " the backup's [\"first\"]");
        // docs/observability.md: a listener registered in code sees the save's commit; SlowFileLog is found by ServiceLoader.
        String printed = Observe.registeredInCode(store, file);
        check(printed.matches("tasks\\.json: 9 bytes, fsync \\d+ ms, total \\d+ ms\\R"), "the listener registered in code"
                + " printed '" + printed + "' for a save of 9 bytes, not its commit times");
        check(ResilientIoEvents.listeners().stream().anyMatch(SlowFileLog.class::isInstance), "ServiceLoader did not find"
                + " SlowFileLog, named in META-INF/services; the listeners are " + ResilientIoEvents.listeners());
        System.out.println("snippet app OK: TaskStore, Flaky and TaskReader woven (WeavingCheck.verify), two atomic"
                + " saves left a backup, a read that failed twice was retried and returned on attempt " + flaky.attempts
                + ", a torn file was read from its backup, a listener in code printed a commit and ServiceLoader found"
                + " SlowFileLog");
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            System.err.println("snippet app FAILED: " + failure);
            System.exit(1);
        }
    }

    /** A read that meets a transient error twice, as a busy share would give. */
    static final class Flaky {
        int attempts;

        @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms")
        String read(Path file) throws IOException {
            if (++attempts < 3) {
                throw new IOException("Resource busy");
            }
            return Files.readString(file);
        }
    }
}
