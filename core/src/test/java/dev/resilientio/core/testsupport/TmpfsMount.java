package dev.resilientio.core.testsupport;

import dev.resilientio.core.lock.FileLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small tmpfs for the failures only a real file system gives: a full disk, a read-only mount.
 * Mounting needs root; without it, or when the mount fails, the test is skipped through an
 * assumption that says why. Unmounting fails the test if umount fails, so that no mount is left
 * behind unnoticed.
 *
 * <p>Either mount one with {@link #mount} and close it, or register one that mounts a fresh tmpfs
 * before each test and unmounts it after:
 * {@code @RegisterExtension final TmpfsMount disk = TmpfsMount.perTest("1m");}
 */
public final class TmpfsMount implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final String size;
    /** The temp directory a per-test mount makes for itself; {@code null} for {@link #mount}. */
    private Path ownDirectory;
    private Path path;
    private Path log;

    private TmpfsMount(String size) {
        this.size = size;
    }

    /**
     * Creates {@code directory} and mounts a tmpfs of {@code size} on it.
     *
     * @param directory the mount point to create; its parent must exist (and takes the mount log)
     * @param size the size, as mount's {@code size=} option takes it ({@code "1m"})
     * @return the mounted file system, to close
     * @throws org.opentest4j.TestAbortedException when not running as root or the mount fails
     */
    public static TmpfsMount mount(Path directory, String size) throws IOException, InterruptedException {
        TmpfsMount mount = new TmpfsMount(size);
        mount.mountOn(directory);
        return mount;
    }

    /**
     * Returns an extension that mounts a tmpfs of {@code size} on a new temp directory before each
     * test (skipping the test as {@link #mount} does) and unmounts it after.
     *
     * @param size the size, as mount's {@code size=} option takes it ({@code "1m"})
     * @return the extension, to register on an instance field
     */
    public static TmpfsMount perTest(String size) {
        return new TmpfsMount(size);
    }

    /** The mount point, as a real path. */
    public Path path() {
        if (path == null) {
            throw new IllegalStateException("no tmpfs is mounted");
        }
        return path;
    }

    /**
     * Remounts the file system read-only.
     *
     * @throws AssertionError when the remount fails or the mount point is still writable afterwards
     */
    public void remountReadOnly() throws IOException, InterruptedException {
        // A lock file kept open for write would make the file system busy.
        FileLocks.closeIdleLockFiles();
        if (!run(log, "mount", "-o", "remount,ro", path().toString())) {
            throw new AssertionError("remount read-only of " + path + " failed: " + output(log));
        }
        if (Files.isWritable(path)) {
            throw new AssertionError("mount point " + path + " still writable after the remount read-only");
        }
    }

    /**
     * Unmounts the file system, if it is mounted.
     *
     * @throws AssertionError when umount fails
     */
    @Override
    public void close() throws IOException {
        if (path == null) {
            return;
        }
        boolean unmounted;
        FileLocks.closeIdleLockFiles();
        try {
            unmounted = run(log, "umount", path.toString());
        } catch (InterruptedException e) {
            // From close() an InterruptedException may end up suppressed; keep the flag set instead.
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while unmounting " + path, e);
        }
        if (!unmounted) {
            throw new AssertionError("umount " + path + " failed: " + output(log));
        }
        path = null;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
        ownDirectory = Files.createTempDirectory("tmpfs-mount-");
        mountOn(ownDirectory.resolve("disk"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (ownDirectory == null) {
            return;
        }
        close();
        // Reached only once nothing is mounted: what is left is the empty mount point and the log.
        Path disk = ownDirectory.resolve("disk");
        Files.deleteIfExists(disk);
        Files.deleteIfExists(logOf(disk));
        Files.delete(ownDirectory);
        ownDirectory = null;
    }

    private void mountOn(Path directory) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "Skipped: needs root to mount a tmpfs");
        Path mountPoint = Files.createDirectory(directory).toRealPath();
        log = logOf(directory);
        boolean mounted = run(log, "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(mounted,
                () -> "Skipped: cannot mount a " + size + " tmpfs on " + mountPoint + ": " + output(log));
        path = mountPoint;
    }

    private static Path logOf(Path mountPoint) {
        return mountPoint.resolveSibling(mountPoint.getFileName() + ".mount.log");
    }

    /** Runs a command with its output appended to {@code log}; tells whether it exited 0 in time. */
    private static boolean run(Path log, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    private static String output(Path log) {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
