package dev.resilientio.core.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The lost-update race between child JVMs: each child increments one counter file a number of
 * times, all children starting together, and prints the values it wrote; no value may be written
 * twice, and every value from 1 to the total must be. {@link #child} is the child's side, {@link #run}
 * the test's; what an increment is (text through {@code FileOperation}, JSON through a JSON module)
 * is the child's main class's choice.
 */
public final class IncrementRace {

    private IncrementRace() {
    }

    /** One call on the counter file, which may throw anything. */
    @FunctionalInterface
    public interface Step {

        /**
         * Runs on the file.
         *
         * @param file the counter file
         * @return the value written, for an increment; anything for a warm-up
         * @throws Exception when the call fails, which ends the child with exit code 1
         */
        int apply(Path file) throws Exception;
    }

    /**
     * The child's side: warms up (loading the classes an increment needs, without writing), prints
     * {@code READY}, waits for {@code GO} on stdin so that all children start together, increments
     * the counter {@code times} times, prints {@code VALUES} and the values it wrote, comma-separated,
     * then {@code DONE}, and returns; a failure prints its stack trace and exits with 1.
     *
     * @param args the counter file and the number of increments, as the child's main got them
     * @param warmUp a call that loads the classes without writing the file
     * @param increment one increment, returning the value it wrote
     */
    public static void child(String[] args, Step warmUp, Step increment) {
        try {
            Path file = Path.of(args[0]);
            int times = Integer.parseInt(args[1]);
            // So that the children race on the file and not on class loading.
            warmUp.apply(file);
            ChildIo.signal("READY");
            if (!"GO".equals(ChildIo.awaitParent())) {
                throw new IllegalStateException("expected GO from the parent");
            }
            StringJoiner written = new StringJoiner(",", "VALUES ", "");
            for (int i = 0; i < times; i++) {
                written.add(String.valueOf(increment.apply(file)));
            }
            ChildIo.signal(written.toString());
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    /**
     * The test's side: starts the children, lets them go together, and checks that each printed
     * its values, that no value was written by two of them (a lost update), that together they wrote
     * every value from 1 to the total, and that each exited with 0.
     *
     * @param children the test's child processes
     * @param logs the directory for the children's logs
     * @param childMain the child's main class, which calls {@link #child}
     * @param file the counter file
     * @param count how many children
     * @param incrementsEach how many increments each makes
     * @return the value written, to the index of the child that wrote it
     * @throws Exception when a child cannot be started or fails
     */
    public static TreeMap<Integer, Integer> run(ChildProcesses children, Path logs, Class<?> childMain, Path file,
            int count, int incrementsEach) throws Exception {
        for (int i = 0; i < count; i++) {
            children.start(logs.resolve("child-" + i + ".log"), childMain, file.toString(), String.valueOf(incrementsEach));
        }
        List<RunningChild> started = children.started();
        for (RunningChild child : started) {
            child.expectLine("READY", Duration.ofSeconds(30));
        }

        for (RunningChild child : started) {
            child.send("GO");
        }
        TreeMap<Integer, Integer> writers = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            RunningChild child = started.get(i);
            for (int value : writtenValues(child, incrementsEach)) {
                Integer earlier = writers.put(value, i);
                assertThat(earlier).as("value %d written by child %d and child %d: an update was lost", value, earlier, i)
                        .isNull();
            }
            child.expectLine("DONE", Duration.ofSeconds(10));
            assertThat(child.awaitExit(Duration.ofSeconds(10))).as("exit code of child %d", i).isZero();
        }
        assertThat(writers.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, count * incrementsEach).boxed().toList());
        return writers;
    }

    /**
     * Counts how often the lock passed from one child to another, in the order of the values written.
     *
     * @param writers what {@link #run} returned
     * @return the number of hand-overs
     */
    public static int handovers(TreeMap<Integer, Integer> writers) {
        int changes = 0;
        Integer previous = null;
        for (Integer writer : writers.values()) {
            if (previous != null && !previous.equals(writer)) {
                changes++;
            }
            previous = writer;
        }
        return changes;
    }

    private static int[] writtenValues(RunningChild child, int expected) throws InterruptedException {
        String line = child.nextLine(Duration.ofSeconds(60));
        if (line == null || !line.startsWith("VALUES ")) {
            throw child.failure("printed '" + line + "' where VALUES was expected");
        }
        int[] values = Arrays.stream(line.substring("VALUES ".length()).split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(values).hasSize(expected);
        return values;
    }
}
