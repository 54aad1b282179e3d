package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.atomic.AtomicFileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM main for tests that watch one atomic write from outside (strace): does exactly one
 * write and exits. Opens {@code <target>.begin} and {@code <target>.end} around the write so that
 * a trace shows where the write starts and ends.
 *
 * <p>Arguments: {@code text|callback|none|backups} (ResilientFiles.writeText; AtomicFileWriter.write
 * with the defaults; AtomicFileWriter.writeBytes with Durability.NONE; AtomicFileWriter.writeBytes
 * keeping {@value #BACKUPS} backups, with fsync), the target, the new content, and
 * optionally {@code warm}: first write the same way to {@code warm-<target name>} beside it, so
 * that what the engine does once per JVM (loading and initialising its classes) happens before
 * {@code .begin}.
 */
public final class AtomicWriteChild {

    /** The backups the {@code backups} mode keeps. */
    public static final int BACKUPS = 3;

    private AtomicWriteChild() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path target = Path.of(args[1]);
        String content = args[2];
        if (args.length > 3 && args[3].equals("warm")) {
            write(mode, target.resolveSibling("warm-" + target.getFileName()), content);
        }
        touch(target.resolveSibling(target.getFileName() + ".begin"));
        write(mode, target, content);
        touch(target.resolveSibling(target.getFileName() + ".end"));
    }

    private static void write(String mode, Path target, String content) throws IOException {
        switch (mode) {
            case "text":
                ResilientFiles.writeText(target, content);
                break;
            case "callback":
                AtomicFileWriter.write(target, AtomicDefaults.FSYNC,
                        temp -> Files.writeString(temp, content, StandardCharsets.UTF_8));
                break;
            case "none":
                AtomicFileWriter.writeBytes(target, AtomicDefaults.NO_FSYNC,
                        content.getBytes(StandardCharsets.UTF_8));
                break;
            case "backups":
                AtomicFileWriter.writeBytes(target, AtomicDefaults.FSYNC.withBackups(BACKUPS),
                        content.getBytes(StandardCharsets.UTF_8));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static void touch(Path marker) throws IOException {
        Files.newByteChannel(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
    }
}
