package dev.resilientio.examples.kotlin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kotlin example as Java sees it: checked IOExceptions, a static bridge, the {@code @JvmOverloads} overload. */
class JavaCallsKotlinTest {

    @TempDir
    Path dir;

    @Test
    void javaAddsLoadsAndCountsThroughTheKotlinStore() throws Exception {
        Path file = dir.resolve("tasks.json");
        TaskStore store = new TaskStore();

        Task task = store.add(file, "from Java", "java test");

        assertThat(store.load(file)).containsExactly(task);
        assertThat(TaskStore.count(file)).isEqualTo(1);
        assertThat(dir.resolve("tasks.json.lock")).as("the @FileLocked sidecar").exists();
    }

    @Test
    void staticBridgeOfTheCompanionWaitsForTheLock() throws Exception {
        Path file = dir.resolve("tasks.json");
        new TaskStore().save(file, List.of(Task.Companion.create("one", "java test")));

        CompletableFuture<Integer> count;
        FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
        try {
            // The lock belongs to this thread; the count runs on another, so it must wait.
            count = CompletableFuture.supplyAsync(() -> {
                try {
                    return TaskStore.count(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(400);
            assertThat(count).as("TaskStore.count while this thread holds the lock").isNotDone();
        } finally {
            held.close();
        }
        assertThat(count.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void jvmOverloadsOverloadWritesAtomicallyAndLeavesOnlyTheFileAndItsLock() throws Exception {
        Path csv = Files.writeString(dir.resolve("tasks.csv"), "old");
        Object inode = Files.getAttribute(csv, "unix:ino");

        TaskExport.INSTANCE.toCsv(csv, List.of(new Task("1", "from Java", "java test")));

        assertThat(Files.readAllLines(csv)).containsExactly("\"1\",\"from Java\",\"java test\"");
        assertThat(Files.getAttribute(csv, "unix:ino")).as("a new file renamed over the old").isNotEqualTo(inode);
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(entry -> entry.getFileName().toString()))
                    .containsExactlyInAnyOrder("tasks.csv", "tasks.csv.lock");
        }
    }
}
