package dev.resilientio.zookeeper;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;

/**
 * A reader host of {@link SharedReadersExclusiveWriterTest}, reading under SHARED locks taken
 * through ZooKeeper. After {@code ENTER} it takes the lock and prints {@code INSIDE <version>}; after
 * {@code LEAVE} it reads again, prints {@code LEAVING <micros> <version>} (wall clock, still holding
 * the lock) and releases. Then it reads in a loop, each read under its own SHARED lock, until it
 * sees the last version, and prints {@code SAW <versions seen, in order>}, or {@code TORN <text>} at
 * the first read that is not one whole version; then {@code DONE}. A version is
 * {@link InPlaceWriterMain#versionOf}'s, -1 for a torn file.
 *
 * <p>Arguments: the file, the last version the writer writes.
 */
public final class SharedReaderMain {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    private static final Duration LOOP_LIMIT = Duration.ofSeconds(60);

    private SharedReaderMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            int last = Integer.parseInt(args[1]);
            FileLocks.acquire(file, LockMode.SHARED, LOCK_WAIT).close();
            ChildIo.signal("READY");
            ChildIo.awaitParent("ENTER");
            FileLockHandle lock = FileLocks.acquire(file, LockMode.SHARED, LOCK_WAIT);
            try {
                ChildIo.signal("INSIDE " + InPlaceWriterMain.versionOf(Files.readString(file)));
                ChildIo.awaitParent("LEAVE");
                int version = InPlaceWriterMain.versionOf(Files.readString(file));
                ChildIo.signal("LEAVING " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + " " + version);
            } finally {
                lock.close();
            }
            ChildIo.signal(readUntil(file, last));
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    private static String readUntil(Path file, int last) throws Exception {
        StringJoiner seen = new StringJoiner(",", "SAW ", "");
        int previous = Integer.MIN_VALUE;
        long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
        while (previous != last) {
            if (System.nanoTime() - deadline > 0) {
                return seen + " (gave up after " + LOOP_LIMIT.toSeconds() + " s)";
            }
            String text = FileLocks.withLock(file, LockMode.SHARED, LOCK_WAIT, () -> Files.readString(file));
            int version = InPlaceWriterMain.versionOf(text);
            if (version < 0) {
                return "TORN " + text;
            }
            if (version != previous) {
                seen.add(String.valueOf(version));
                previous = version;
            }
        }
        return seen.toString();
    }
}
