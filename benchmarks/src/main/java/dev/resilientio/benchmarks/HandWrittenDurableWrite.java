package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * P2's yardstick: the least a durable atomic replace can do on Linux, written by hand: create an
 * owner-only temp beside the target, write, fsync, close, rename over the target, fsync the
 * directory. No backups, no clean-up of stale temps, no permission copying: the product does more.
 */
public final class HandWrittenDurableWrite implements PayloadWriter {

    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    @Override
    public void write(Path file, byte[] payload) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, CREATE_NEW,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            PayloadWriter.writeFully(channel, payload);
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
