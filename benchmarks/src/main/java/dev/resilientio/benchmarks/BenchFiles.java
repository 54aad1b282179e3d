package dev.resilientio.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the benchmarks write: a fresh directory under {@code bench.dir} (run.sh sets it; else the
 * JVM's temp directory), so that every variant of one run meets the same file system.
 */
public final class BenchFiles {

    private BenchFiles() {
    }

    /**
     * Creates a fresh, empty directory for one trial.
     *
     * @param prefix names the benchmark in the directory's name
     * @return the directory
     * @throws IOException when it cannot be created
     */
    public static Path freshDirectory(String prefix) throws IOException {
        Path root = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(root);
        return Files.createTempDirectory(root, prefix);
    }

    /**
     * Deletes a trial's directory and everything in it.
     *
     * @param directory what {@link #freshDirectory} returned
     */
    public static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the benchmark directory " + directory
                    + "; remove it by hand", e);
        }
    }

    /**
     * Waits until a directory's last change is more than 2 s old: from then on resilient-io trusts
     * what it saw of the names in it while the directory stays unchanged (core's RealDirectories).
     *
     * @param directory the directory
     * @throws IOException when its time cannot be read
     * @throws InterruptedException when interrupted while waiting
     */
    public static void awaitSettled(Path directory) throws IOException, InterruptedException {
        long settledAt = Files.getLastModifiedTime(directory).toMillis() + 2_100;
        for (long now = System.currentTimeMillis(); now < settledAt; now = System.currentTimeMillis()) {
            Thread.sleep(settledAt - now);
        }
    }

    /**
     * Returns a payload of the given size whose bytes are not all the same.
     *
     * @param size the number of bytes
     * @return the payload
     */
    public static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
