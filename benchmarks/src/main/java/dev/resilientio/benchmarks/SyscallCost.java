package dev.resilientio.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * P2 by hand: what the kinds of system call that a durable {@code @AtomicWrite} makes beyond the
 * hand-written sequence cost this machine from Java, each timed by the calling thread's CPU time
 * in a loop: an {@code lstat} ({@code Files.readAttributes} without following links), an
 * {@code fcntl} lock and its release on a channel kept open, and an open and close of an existing
 * file. Prints the medians of 9 rounds, so that the calls' share of a write can be set against the
 * 5% that P2's goal allows.
 *
 * <p>Arguments: the directory.
 */
public final class SyscallCost {

    private static final int CALLS = 50_000;
    private static final int ROUNDS = 9;

    private SyscallCost() {
    }

    /**
     * Runs the rounds.
     *
     * @param args the directory
     * @throws IOException when a file cannot be made or read
     */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        Path file = Files.write(directory.resolve("data.bin"), BenchFiles.payload(4096));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> lstat = new ArrayList<>();
        List<Double> lockAndRelease = new ArrayList<>();
        List<Double> openAndClose = new ArrayList<>();
        try (FileChannel kept = FileChannel.open(directory.resolve("data.bin.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            for (int round = 0; round <= ROUNDS; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++) {
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
                long stated = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++) {
                    FileLock lock = kept.lock();
                    lock.release();
                }
                long locked = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++) {
                    FileChannel.open(file, StandardOpenOption.WRITE).close();
                }
                long opened = threads.getCurrentThreadCpuTime();
                if (round > 0) { // the first round warms up
                    lstat.add((stated - start) / 1000.0 / CALLS);
                    lockAndRelease.add((locked - stated) / 1000.0 / CALLS);
                    openAndClose.add((opened - locked) / 1000.0 / CALLS);
                }
            }
        }
        System.out.printf("CPU per call (medians of %d rounds of %d): lstat %.2f us, fcntl lock and release %.2f us,"
                + " open and close %.2f us%n", ROUNDS, CALLS, MultiProcessHarness.median(lstat),
                MultiProcessHarness.median(lockAndRelease), MultiProcessHarness.median(openAndClose));
    }
}
