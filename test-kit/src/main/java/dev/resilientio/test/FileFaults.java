package dev.resilientio.test;

import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Faults injected at the engine's steps, for the tests of code that uses resilient-io: the next
 * attempts on a file fail with a chosen IO error before the method's body runs, a lock wait times
 * out, a commit's fsync, rename or directory fsync fails, or the process "crashes" at a step,
 * leaving the disk as {@code kill -9} there would. {@link ResilientIoExtension} installs one for each
 * test and hands it to the test as a parameter; without the extension, install one with
 * {@code FaultSeam.install(faults)} and close the handle after.
 *
 * <pre>{@code
 * faults.failNextAttempts(file, 2, FileFaults.busy());        // EBUSY twice, then the real IO
 * faults.failNext(Step.RENAME, file, 1, FileFaults.ioError("Input/output error"));
 * faults.timeOutNextLockWaits("glob:**.json", 1);
 * faults.crashAt(file, Step.RENAME);                             // throws SimulatedCrash there
 * }</pre>
 *
 * <p>A target is one file ({@link Path}; the engine's name for it, absolute or through links, matches
 * too) or a pattern ({@code "glob:**.json"}, {@code "regex:.*\\.json"}, as
 * {@link java.nio.file.FileSystem#getPathMatcher} takes it). Faults are used in the order they were set
 * up, each at most as many times as asked, then the step runs for real. Each one is recorded in
 * {@link #injected()}; a fault never reached makes {@link #verifyAllUsed()} fail, which the extension
 * calls after each test that passed, so a test whose path or step is wrong fails loudly instead of
 * passing without its fault.
 *
 * <p>Thread-safe.
 */
public final class FileFaults implements FaultSeam {

    /** Ends the reason of every failure the helpers make, so that a test's output says where it came from. */
    private static final String INJECTED = " (injected by FileFaults)";
    /** How many distinct steps a failure message lists as reached, at most. */
    private static final int STEPS_LISTED = 20;

    private final List<PlannedFault> planned = new ArrayList<>();
    private final List<Injection> injected = new ArrayList<>();
    private final Set<String> reached = new LinkedHashSet<>();

    /** Creates a set of faults with none planned; it does nothing until installed. */
    public FileFaults() {
    }

    /**
     * Makes the next attempts on a file fail before the method's body runs, as if the body had met the
     * error: the engine retries it when it is transient, and fails the call when it is not. An attempt
     * of an atomic write has its temp created then, and deletes it.
     *
     * @param file the file the annotated method or the plain API works on
     * @param times how many of the next attempts fail, 1 or more
     * @param failure the IO error each one throws
     * @return these faults
     */
    public FileFaults failNextAttempts(Path file, int times, Failure failure) {
        return failNext(Step.ATTEMPT, file, times, failure);
    }

    /**
     * Makes the next attempts on the files a pattern matches fail; see {@link #failNextAttempts(Path, int, Failure)}.
     *
     * @param pattern {@code glob:...} or {@code regex:...}
     * @param times how many of the next attempts fail, 1 or more
     * @param failure the IO error each one throws
     * @return these faults
     */
    public FileFaults failNextAttempts(String pattern, int times, Failure failure) {
        return failNext(Step.ATTEMPT, pattern, times, failure);
    }

    /**
     * Makes the next runs of a step on a file fail with an IO error: {@link Step#TEMP_FSYNC},
     * {@link Step#RENAME} and {@link Step#DIRECTORY_FSYNC} fail an atomic write's commit as the file
     * system would (before the rename the target stays untouched and the temp is deleted; after it the
     * new content is in place), {@link Step#LOCK} ends a lock wait, {@link Step#ATTEMPT} fails an attempt.
     * The fsync steps run only for durable writes ({@code Durability.FSYNC}, the default).
     *
     * @param step the step
     * @param file the file
     * @param times how many of the step's next runs fail, 1 or more
     * @param failure the IO error each one throws
     * @return these faults
     */
    public FileFaults failNext(Step step, Path file, int times, Failure failure) {
        return plan(step, FaultTarget.file(file), times, Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Makes the next runs of a step on the files a pattern matches fail; see {@link #failNext(Step, Path, int, Failure)}.
     *
     * @param step the step
     * @param pattern {@code glob:...} or {@code regex:...}
     * @param times how many of the step's next runs fail, 1 or more
     * @param failure the IO error each one throws
     * @return these faults
     */
    public FileFaults failNext(Step step, String pattern, int times, Failure failure) {
        return plan(step, FaultTarget.pattern(pattern), times, Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Makes the next lock waits on a file time out at once with a {@link dev.resilientio.core.FileLockTimeoutException}
     * whose message says it was injected, as a lock held too long would: the engine retries the
     * attempt (a lock timeout is transient) and a breaker does not count it.
     *
     * @param file the file
     * @param times how many of the next lock waits time out, 1 or more
     * @return these faults
     */
    public FileFaults timeOutNextLockWaits(Path file, int times) {
        return plan(Step.LOCK, FaultTarget.file(file), times, PlannedFault.LOCK_TIMEOUT);
    }

    /**
     * Makes the next lock waits on the files a pattern matches time out; see {@link #timeOutNextLockWaits(Path, int)}.
     *
     * @param pattern {@code glob:...} or {@code regex:...}
     * @param times how many of the next lock waits time out, 1 or more
     * @return these faults
     */
    public FileFaults timeOutNextLockWaits(String pattern, int times) {
        return plan(Step.LOCK, FaultTarget.pattern(pattern), times, PlannedFault.LOCK_TIMEOUT);
    }

    /**
     * Stops the next run of a step on a file as if the process were killed there: the engine throws a
     * {@link SimulatedCrash} (an {@link Error}) to the caller and leaves the disk as {@code kill -9} at
     * that step leaves it: at {@link Step#RENAME}, the temp complete (and synced) beside the old target;
     * at {@link Step#DIRECTORY_FSYNC}, the new content in place. Locks are released, as the kernel
     * releases a dead process's. {@link #tempFilesOf(Path)} lists the temps left.
     *
     * @param file the file
     * @param step the step the process dies before
     * @return these faults
     */
    public FileFaults crashAt(Path file, Step step) {
        return plan(step, FaultTarget.file(file), 1, null);
    }

    /**
     * Stops the next run of a step on a file a pattern matches as a crash would; see {@link #crashAt(Path, Step)}.
     *
     * @param pattern {@code glob:...} or {@code regex:...}
     * @param step the step the process dies before
     * @return these faults
     */
    public FileFaults crashAt(String pattern, Step step) {
        return plan(step, FaultTarget.pattern(pattern), 1, null);
    }

    /**
     * Returns the faults injected so far, in order.
     *
     * @return an immutable copy
     */
    public synchronized List<Injection> injected() {
        return List.copyOf(injected);
    }

    /**
     * Fails when a fault that was set up was not used as many times as asked: its file or pattern
     * named no file the engine worked on, its step never ran (an fsync of a write with
     * {@code Durability.NONE}), or the code made fewer attempts than planned. The message lists each
     * such fault and the steps the engine did reach.
     *
     * @throws AssertionError naming the faults not used
     */
    public synchronized void verifyAllUsed() {
        StringBuilder unused = new StringBuilder();
        int count = 0;
        for (PlannedFault fault : planned) {
            String left = fault.unused();
            if (left != null) {
                count++;
                unused.append("\n  - ").append(left);
            }
        }
        if (count == 0) {
            return;
        }
        StringBuilder message = new StringBuilder("FileFaults: ").append(count)
                .append(count == 1 ? " fault was" : " faults were")
                .append(" set up and not used, so the test did not run the way it meant to:").append(unused)
                .append("\nCheck the path or pattern (the engine names the file as the code under test passes it, and"
                        + " resolved for a commit's steps), the step (the fsync steps run only for durable writes), and"
                        + " how many attempts the code makes.");
        if (reached.isEmpty()) {
            message.append("\nThe engine reached no step while these faults were installed: is the code woven, and was"
                    + " it called inside the test?");
        } else {
            message.append("\nSteps the engine reached:");
            for (String step : reached) {
                message.append("\n  ").append(step);
            }
            if (reached.size() == STEPS_LISTED) {
                message.append("\n  ...");
            }
        }
        throw new AssertionError(message.toString());
    }

    /**
     * Asked by the engine before each step while these faults are installed: throws the first
     * planned fault for this step and file that has uses left, and records it. Not for tests to call.
     *
     * @param step the step about to run
     * @param operation the operation's name, or {@code null}
     * @param target the file, as the engine names it
     * @throws IOException the fault planned for this step and file
     */
    @Override
    public void before(Step step, String operation, Path target) throws IOException {
        Throwable fault = null;
        synchronized (this) {
            if (reached.size() < STEPS_LISTED) {
                reached.add(step + " of " + target + (operation != null ? " (" + operation + ")" : ""));
            }
            for (PlannedFault candidate : planned) {
                fault = candidate.use(step, target);
                if (fault != null) {
                    injected.add(new Injection(step, operation, target, fault));
                    break;
                }
            }
        }
        if (fault instanceof SimulatedCrash crash) {
            throw crash;
        }
        if (fault != null) {
            throw (IOException) fault;
        }
    }

    /**
     * Lists the temp files that atomic writes of a file left in its directory, such as a crash before
     * the rename leaves: {@code .<name>.*.tmp}.
     *
     * @param file the target of the writes
     * @return the temps, sorted by name; empty when none is left
     * @throws IOException when the directory cannot be listed
     */
    public static List<Path> tempFilesOf(Path file) throws IOException {
        Path name = Objects.requireNonNull(file, "file").getFileName();
        Path directory = file.toAbsolutePath().getParent();
        String prefix = "." + name + ".";
        try (var entries = Files.list(directory)) {
            return entries.filter(entry -> {
                String entryName = entry.getFileName().toString();
                return entryName.startsWith(prefix) && entryName.endsWith(".tmp");
            }).sorted().toList();
        }
    }

    /**
     * A device or resource busy ({@code EBUSY}): transient, so the engine retries it.
     *
     * @return the failure
     */
    public static Failure busy() {
        return named("busy()", file -> new FileSystemException(file.toString(), null, "Device or resource busy" + INJECTED));
    }

    /**
     * A missing file ({@link NoSuchFileException}): permanent, never retried.
     *
     * @return the failure
     */
    public static Failure noSuchFile() {
        return named("noSuchFile()", file -> new NoSuchFileException(file.toString(), null, "No such file or directory" + INJECTED));
    }

    /**
     * Access denied ({@link AccessDeniedException}): permanent, except on Windows, where it means
     * another process has the file open and the engine retries it.
     *
     * @return the failure
     */
    public static Failure accessDenied() {
        return named("accessDenied()", file -> new AccessDeniedException(file.toString(), null, "Permission denied" + INJECTED));
    }

    /**
     * A full disk ({@code ENOSPC}, "No space left on device"): permanent, never retried; a circuit
     * breaker counts it.
     *
     * @return the failure
     */
    public static Failure diskFull() {
        return named("diskFull()", file -> new FileSystemException(file.toString(), null, "No space left on device" + INJECTED));
    }

    /**
     * An IO error with a reason of the test's choice, such as {@code "Input/output error"}: transient
     * unless the reason is one the engine knows as permanent (disk full, read-only file system, ...).
     *
     * @param reason what the file system said
     * @return the failure
     */
    public static Failure ioError(String reason) {
        Objects.requireNonNull(reason, "reason");
        return named("ioError(\"" + reason + "\")", file -> new FileSystemException(file.toString(), null, reason + INJECTED));
    }

    private static Failure named(String name, Function<Path, IOException> create) {
        return new Failure() {
            @Override
            public IOException create(Path file) {
                return create.apply(file);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private FileFaults plan(Step step, FaultTarget target, int times, Failure failure) {
        Objects.requireNonNull(step, "step");
        if (times < 1) {
            throw new IllegalArgumentException("FileFaults: times = " + times + " for " + step + " of " + target
                    + "; a fault is used 1 or more times");
        }
        synchronized (this) {
            planned.add(new PlannedFault(step, target, times, failure));
        }
        return this;
    }

    /**
     * Makes the IO error a step throws, naming the file as the engine reported it.
     */
    @FunctionalInterface
    public interface Failure {

        /**
         * Creates the error for one injection.
         *
         * @param file the file, as the engine names it at that step
         * @return the error to throw
         */
        IOException create(Path file);
    }

    /**
     * One fault injected.
     *
     * @param step the step it failed
     * @param operation the operation's name, or {@code null} outside an operation
     * @param target the file, as the engine named it
     * @param fault what was thrown: an {@link IOException} or a {@link SimulatedCrash}
     */
    public record Injection(Step step, String operation, Path target, Throwable fault) {
    }
}
