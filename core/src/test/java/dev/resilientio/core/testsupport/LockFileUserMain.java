package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Child JVM for the lock file tests, run as another user or under a low open-file limit. Prints
 * {@code OK ...} or {@code FAILED <exception>} and exits 0 either way (a crash exits 1).
 *
 * <p>Arguments: {@code WRITE <file> <text>} writes with {@link ResilientFiles#writeText};
 * {@code LOCK <file> <SHARED|EXCLUSIVE> <timeout ms>} takes and releases a lock; {@code MANY <dir> <n>}
 * writes n distinct files, then reads the first with {@link Files#readString} and prints the number
 * of descriptors open in {@code /proc/self/fd}.
 */
public final class LockFileUserMain {

    private LockFileUserMain() {
    }

    public static void main(String[] args) {
        try {
            try {
                ChildIo.signal("OK " + run(args));
            } catch (IOException failed) {
                ChildIo.signal("FAILED " + failed);
            }
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    private static String run(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "WRITE":
                ResilientFiles.writeText(file, args[2]);
                return "written";
            case "LOCK":
                try (FileLockHandle handle = FileLocks.acquire(file, LockMode.valueOf(args[2]),
                        Duration.ofMillis(Long.parseLong(args[3])))) {
                    return "locked " + handle.mode();
                }
            case "MANY":
                int count = Integer.parseInt(args[2]);
                for (int i = 0; i < count; i++) {
                    ResilientFiles.writeText(file.resolve("file-" + i + ".txt"), "content " + i);
                }
                String first = Files.readString(file.resolve("file-0.txt"), StandardCharsets.UTF_8);
                try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
                    return "read '" + first + "' fds=" + descriptors.count();
                }
            default:
                throw new IllegalArgumentException("unknown action " + args[0]);
        }
    }
}
