package dev.resilientio.core.atomic;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Fsyncs directories, so that renames and new links in them survive a power loss. */
final class DirectorySync {

    /** Windows cannot open a directory as a channel; NTFS journals renames itself. */
    private static final boolean SUPPORTED =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DirectorySync() {
    }

    /**
     * Fsyncs a directory.
     *
     * @param directory the directory
     * @throws IOException when the directory cannot be opened or synced
     */
    public static void fsync(Path directory) throws IOException {
        if (!SUPPORTED) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
