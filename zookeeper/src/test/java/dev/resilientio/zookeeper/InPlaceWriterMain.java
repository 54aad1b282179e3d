package dev.resilientio.zookeeper;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The writer host of {@link SharedReadersExclusiveWriterTest}: under an EXCLUSIVE lock taken through
 * ZooKeeper, it rewrites a file IN PLACE, half of it, a pause, then the other half, so that only the
 * lock keeps a reader from seeing a torn state. After {@code GO} it prints {@code WAITING}, takes the
 * lock, prints {@code ACQUIRED <micros>} (wall clock), writes version 1, releases, and so on up to the
 * last version, taking the lock again for each; then {@code WROTE} and {@code DONE}.
 *
 * <p>Arguments: the file, the number of versions to write. The file's form is {@link #text(int)}.
 */
public final class InPlaceWriterMain {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    /** Holding the lock with the file half new: a reader that got in now would see it torn. */
    private static final long HALF_WRITTEN_MILLIS = 40;
    /** Between two versions, with the lock released, so that waiting readers get in. */
    private static final long BETWEEN_VERSIONS_MILLIS = 150;
    private static final int REPEATS = 32;

    private InPlaceWriterMain() {
    }

    /** The whole file at a version: {@code v007;} repeated, so that a mix of two versions shows. */
    static String text(int version) {
        return String.format("v%03d;", version).repeat(REPEATS);
    }

    /** The version of a whole file's text, or -1 when it is not one whole version (torn or mixed). */
    static int versionOf(String text) {
        if (text.length() < 5 || !text.startsWith("v")) {
            return -1;
        }
        try {
            int version = Integer.parseInt(text.substring(1, 4));
            return text.equals(text(version)) ? version : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            int versions = Integer.parseInt(args[1]);
            FileLocks.acquire(file, LockMode.SHARED, LOCK_WAIT).close();
            ChildIo.signal("READY");
            ChildIo.awaitParent("GO");
            ChildIo.signal("WAITING");
            FileLockHandle lock = FileLocks.acquire(file, LockMode.EXCLUSIVE, LOCK_WAIT);
            ChildIo.signal("ACQUIRED " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
            for (int version = 1; version <= versions; version++) {
                if (version > 1) {
                    Thread.sleep(BETWEEN_VERSIONS_MILLIS);
                    lock = FileLocks.acquire(file, LockMode.EXCLUSIVE, LOCK_WAIT);
                }
                try {
                    writeInPlace(file, text(version));
                } finally {
                    lock.close();
                }
            }
            ChildIo.signal("WROTE");
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    private static void writeInPlace(Path file, String text) throws IOException, InterruptedException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int half = bytes.length / 2;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            write(channel, ByteBuffer.wrap(bytes, 0, half), 0);
            Thread.sleep(HALF_WRITTEN_MILLIS);
            write(channel, ByteBuffer.wrap(bytes, half, bytes.length - half), half);
        }
    }

    private static void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
