package dev.resilientio.examples;

import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a demo, to fill up for real; closing it unmounts it. Mounting needs root.
 * Not thread-safe: one demo owns it.
 */
final class TmpfsDisk implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    /** Why a disk cannot be mounted here: the demo is skipped, not failed. */
    static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final Path path;
    private boolean mounted = true;

    private TmpfsDisk(Path path) {
        this.path = path;
    }

    /**
     * Creates {@code directory} and mounts a tmpfs of {@code size} on it.
     *
     * @param directory the mount point to create
     * @param size the size, as mount's {@code size=} option takes it ({@code "1m"})
     * @return the mounted disk, to close
     * @throws Unavailable when not running as root, or mount fails (a container without the right)
     */
    static TmpfsDisk mount(Path directory, String size) throws IOException, InterruptedException, Unavailable {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            throw new Unavailable("needs root to mount a tmpfs (running as " + user + ")");
        }
        Path mountPoint = Files.createDirectory(directory).toRealPath();
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (output != null) {
            throw new Unavailable("cannot mount a " + size + " tmpfs on " + mountPoint + " (" + output + ")");
        }
        return new TmpfsDisk(mountPoint);
    }

    /** The mount point, as a real path. */
    Path path() {
        return path;
    }

    /**
     * Unmounts the disk, once.
     *
     * @throws IOException when umount fails, naming the command to run by hand
     */
    @Override
    public void close() throws IOException {
        if (!mounted) {
            return;
        }
        // The engine keeps lock files open after their lock is released; an open file keeps the mount busy.
        FileLocks.closeIdleLockFiles();
        String output;
        try {
            output = run("umount", path.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting the demo's tmpfs " + path + "; run: umount " + path, e);
        }
        if (output != null) {
            throw new IOException("cannot unmount the demo's tmpfs " + path + " (" + output + "); run: umount " + path);
        }
        mounted = false;
    }

    /** Runs a command; returns {@code null} when it exited 0 in time, else what went wrong with its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return command[0] + " could not be started: " + e.getMessage();
        }
        process.getOutputStream().close();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null
                : String.join(" ", List.of(command)) + " exited with " + process.exitValue()
                        + (output.isEmpty() ? "" : ": " + output);
    }
}
