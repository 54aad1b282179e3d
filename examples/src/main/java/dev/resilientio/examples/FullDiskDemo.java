package dev.resilientio.examples;

import dev.resilientio.core.FileOperation;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recovery-file demo: tasks are added to a {@code tasks.json} on a small tmpfs, the disk is
 * filled up, and the next add fails with ENOSPC; the original file is intact, no temp is left, and
 * the task list that could not be saved is kept in a recovery file on another file system, with a
 * JSON description, named by the exception. Needs root to mount the tmpfs; skipped otherwise.
 */
public final class FullDiskDemo {

    /** The size of the tmpfs that is filled up. */
    static final String DISK_SIZE = "1m";
    /** The same size, for people. */
    static final String DISK_SIZE_TEXT = "1 MiB";
    /** The operation name the adds run under: it keys their settings and logs. */
    static final String OPERATION = "FullDiskDemo.addTask";
    private static final int CHUNK = 64 * 1024;
    /** When a disk takes this much, it is not the small tmpfs the demo mounted: stop rather than fill a real disk. */
    private static final long FILL_LIMIT = 64L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FullDiskDemo() {
    }

    /**
     * What the demo saw.
     *
     * @param skipped why the demo did not run, or {@code null} when it ran
     * @param failure the exception the add on the full disk threw, or {@code null} when it did not fail
     * @param originalIntact whether {@code tasks.json} holds the same bytes as before that add
     * @param tempsLeft temp files left on the disk after it
     * @param recoveryFile the recovery file the exception names, or {@code null}
     * @param kept the tasks the recovery file holds
     * @param errno the {@code errno} of the recovery file's description, or {@code null}
     * @param recoveryDir the recovery directory the demo configured, or {@code null} when skipped
     */
    public record Result(String skipped, IOException failure, boolean originalIntact, List<String> tempsLeft,
            Path recoveryFile, List<Task> kept, String errno, Path recoveryDir) {

        static Result skipped(String why) {
            return new Result(why, null, false, List.of(), null, List.of(), null, null);
        }

        /**
         * Returns whether the add failed with ENOSPC, left the file and the disk clean, and kept its
         * task list, the 4 tasks, in a recovery file in the recovery directory that its message names.
         *
         * @return true when the recovery file did its job; false also when skipped
         */
        public boolean ok() {
            return skipped == null && failure != null && originalIntact && tempsLeft.isEmpty() && recoveryFile != null
                    && recoveryFile.startsWith(recoveryDir) && kept.size() == 4
                    && String.valueOf(failure.getMessage()).contains(recoveryFile.toString())
                    && "ENOSPC".equals(errno);
        }
    }

    /**
     * Mounts a tmpfs in {@code dir}, runs the demo on it and unmounts it, whatever happens; prints
     * {@code skipped: ...} and returns a skipped result when the tmpfs cannot be mounted.
     *
     * @param dir an empty directory, on another file system than the tmpfs (it takes the recovery directory)
     * @param out where the lines go
     * @return what happened
     * @throws IOException when the demo's own steps fail, or the tmpfs cannot be unmounted
     * @throws InterruptedException when interrupted while mounting or unmounting
     */
    public static Result run(Path dir, PrintStream out) throws IOException, InterruptedException {
        TmpfsDisk disk;
        try {
            disk = TmpfsDisk.mount(dir.resolve("disk"), DISK_SIZE);
        } catch (TmpfsDisk.Unavailable unavailable) {
            out.println("skipped: " + unavailable.getMessage());
            return Result.skipped(unavailable.getMessage());
        }
        try (disk) {
            return run(disk.path(), Files.createDirectories(dir.resolve("recovery")).toRealPath(), out);
        }
    }

    private static Result run(Path disk, Path recoveryDir, PrintStream out) throws IOException {
        Path file = disk.resolve("tasks.json");
        // A fixed configuration keeps the demo's settings off the rest of the JVM; the same two variables set
        // in the environment would do it for every atomic write.
        Map<String, String> environment = Map.of("RESILIENT_IO_ATOMIC_KEEP_FAILED", "true",
                "RESILIENT_IO_ATOMIC_RECOVERY_DIR", recoveryDir.toString());
        FileOperation addTask = FileOperation.named(OPERATION, ResilientIoConfig.from(environment, Map.of()));
        for (String title : List.of("back up the photos", "pay the rent", "book the dentist")) {
            add(addTask, file, title);
        }
        byte[] before = Files.readAllBytes(file);
        out.printf("3 tasks added to tasks.json (%d bytes) on a %s tmpfs at %s, by FileOperation.update with%n"
                + "  RESILIENT_IO_ATOMIC_KEEP_FAILED=true RESILIENT_IO_ATOMIC_RECOVERY_DIR=%s (another file system)%n",
                before.length, DISK_SIZE_TEXT, disk, recoveryDir);
        long filled = fill(disk.resolve("filler.bin"));
        out.printf("filled the disk: filler.bin took the %,d bytes left, then met \"No space left on device\"%n",
                filled);

        IOException failure = null;
        try {
            add(addTask, file, "renew the passport");
            out.println("the fourth add succeeded on the full disk: nothing to recover");
        } catch (IOException e) {
            failure = e;
            out.println("the fourth add failed: " + e);
        }
        byte[] after = Files.readAllBytes(file);
        boolean intact = Arrays.equals(before, after);
        out.printf("tasks.json: %s, %d tasks (%d bytes)%n", intact ? "intact" : "CHANGED", TaskJson.parse(after).size(),
                after.length);
        List<String> temps = temps(disk);
        out.println("temp files left on the disk: " + (temps.isEmpty() ? "none" : String.join(", ", temps)));

        RecoveryFileNotice notice = failure == null ? null : RecoveryFileNotice.in(failure).orElse(null);
        if (notice == null) {
            out.println("no recovery file named by the exception");
            return new Result(null, failure, intact, temps, null, List.of(), null, recoveryDir);
        }
        Path recovery = notice.file();
        List<Task> kept = TaskJson.parse(Files.readAllBytes(recovery));
        out.printf("recovery file: %s (%d bytes, %d tasks: the list the add could not save)%n", recovery,
                Files.size(recovery), kept.size());
        String errno = null;
        if (notice.description().isPresent()) {
            Path description = notice.description().get();
            String text = Files.readString(description);
            out.println("its description, " + description.getFileName() + ":");
            text.strip().lines().forEach(line -> out.println("  " + line));
            JsonNode errnoNode = JSON.readTree(text).get("errno");
            errno = errnoNode == null || errnoNode.isNull() ? null : errnoNode.asString();
        }
        out.println("the exception's message names it: " + failure.getMessage().contains(recovery.toString()));
        return new Result(null, failure, intact, temps, recovery, kept, errno, recoveryDir);
    }

    private static void add(FileOperation addTask, Path file, String title) throws IOException {
        addTask.update(file, in -> TaskJson.parse(in.readAllBytes()), List.<Task>of(), tasks -> {
            List<Task> next = new ArrayList<>(tasks);
            next.add(Task.create(title, "full-disk-demo"));
            return List.copyOf(next);
        }, TaskJson::bytes);
    }

    /** Writes to {@code filler} until the disk is full; returns how much it took. */
    private static long fill(Path filler) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        long written = 0;
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (written < FILL_LIMIT) {
                chunk.clear();
                try {
                    while (chunk.hasRemaining()) {
                        written += channel.write(chunk);
                    }
                } catch (IOException full) {
                    if (String.valueOf(full.getMessage()).contains("No space left on device")) {
                        return written;
                    }
                    throw full;
                }
            }
        }
        throw new IOException(filler + " took " + FILL_LIMIT + " bytes without filling its file system, which is not"
                + " the " + DISK_SIZE + " tmpfs the demo mounted; check the mount with: findmnt " + filler.getParent());
    }

    private static List<String> temps(Path disk) throws IOException {
        try (Stream<Path> entries = Files.list(disk)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.endsWith(".tmp") || name.endsWith(".part"))
                    .sorted()
                    .toList();
        }
    }
}
