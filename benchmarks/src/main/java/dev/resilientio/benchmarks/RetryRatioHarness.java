package dev.resilientio.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.resilientio.benchmarks.subjects.RetrySubject;
import dev.resilientio.core.weaving.WeavingCheck;
import io.github.resilience4j.core.functions.CheckedFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P1's second view (not JMH): the success path of {@code @RetryFileOperation} and Resilience4j's
 * decorator timed in alternating blocks in one JVM, each block's calls by the calling thread's CPU
 * time. JMH times each benchmark in forks of its own, minutes apart, by the wall clock: on this
 * shared 2-core machine, other processes' load moves a figure between those minutes, and a thread
 * taken off its core counts the time it waits. Here both sides run within the same seconds and only
 * the time on the core counts, so that the ratio of each pair of blocks is the two paths' own.
 *
 * <p>It also times an uncontended atomic increment, the machine's cost of a locked instruction:
 * Resilience4j's success path makes three (two {@code LongAdder} increments and the volatile store of
 * its context's {@code AtomicInteger}), resilient-io's none, so the ratio moves with that cost from
 * one machine (or one host of a VM) to another.
 *
 * <p>Arguments: the JSON file to write, blocks per side, calls per block, and the agent jar; the
 * agent's blocks run in a child JVM started with {@code -javaagent}, ajc's in this one.
 */
public final class RetryRatioHarness {

    private static final int WARM_UP_BLOCKS = 5;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "resilient-io-bench", "retry.json");

    /** Keeps the loops' results alive, as JMH's blackhole does. */
    static volatile long sink;

    private RetryRatioHarness() {
    }

    /**
     * Runs the blocks: ajc's and Resilience4j's here, then the agent's and Resilience4j's in a child JVM.
     *
     * @param args result file, blocks, calls per block, agent jar; or, in the child, {@code --agent} and
     *     the file for its half, blocks, calls per block
     * @throws Exception when a side fails or the child JVM does
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--agent")) {
            PathOperation agent = SubjectLoader.plainInstance("RetrySubject", PathOperation.class);
            WeavingCheck.verify(agent.getClass());
            Files.writeString(Path.of(args[1]), run("agent", agent, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            return;
        }
        Path result = Path.of(args[0]);
        int blocks = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        WeavingCheck.verify(RetrySubject.class);
        String woven = run("woven", new RetrySubject(), blocks, calls);
        Path agentHalf = Files.createTempFile("p1-agent", ".json");
        try {
            List<String> command = ChildJvm.command(List.of("-Xmx1g", "-javaagent:" + Path.of(args[3]).toAbsolutePath()),
                    null, RetryRatioHarness.class.getName(), "--agent", agentHalf.toString(), args[1], args[2]);
            Process child = new ProcessBuilder(command).inheritIO().start();
            if (!child.waitFor(30, TimeUnit.MINUTES) || child.exitValue() != 0) {
                child.destroyForcibly();
                throw new IllegalStateException("P1's agent blocks failed (exit " + (child.isAlive() ? "none" : child.exitValue())
                        + "): " + String.join(" ", command));
            }
            String json = "{\"woven\": " + woven + ", \"agent\": " + Files.readString(agentHalf) + "}";
            Files.writeString(result, json);
            System.out.println("P1 blocks " + json);
        } finally {
            Files.deleteIfExists(agentHalf);
        }
    }

    /** Alternating blocks of one of ours and Resilience4j's, with the atomic increment beside them. */
    private static String run(String name, PathOperation ours, int blocks, int calls) throws IOException {
        Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100))
                .retryExceptions(IOException.class).build());
        CheckedFunction<Path, Integer> decorated = Retry.decorateCheckedFunction(retry, new PlainOperation()::read);
        IntegerBoxes.asInAnApplication();
        AtomicLong counter = new AtomicLong();
        List<Double> oursNanos = new ArrayList<>();
        List<Double> r4jNanos = new ArrayList<>();
        List<Double> atomicNanos = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
            double o;
            double r;
            // Which side goes first alternates, so that neither always follows the other's garbage.
            if (block % 2 == 0) {
                o = ours(ours, calls);
                r = resilience4j(decorated, calls);
            } else {
                r = resilience4j(decorated, calls);
                o = ours(ours, calls);
            }
            double a = atomic(counter, calls);
            if (block >= 0) {
                oursNanos.add(o);
                r4jNanos.add(r);
                atomicNanos.add(a);
                ratios.add(o / r);
            }
        }
        return String.format(Locale.ROOT, "{\"side\": \"%s\", \"blocks\": %d, \"callsPerBlock\": %d,"
                        + " \"oursNanos\": %.3f, \"resilience4jNanos\": %.3f, \"atomicIncrementNanos\": %.3f,"
                        + " \"ratio\": %.4f, \"pairRatios\": %s, \"oursBlocks\": %s, \"resilience4jBlocks\": %s}",
                name, blocks, calls, MultiProcessHarness.median(oursNanos), MultiProcessHarness.median(r4jNanos),
                MultiProcessHarness.median(atomicNanos), MultiProcessHarness.median(ratios),
                MultiProcessHarness.samples(ratios), MultiProcessHarness.samples(oursNanos),
                MultiProcessHarness.samples(r4jNanos));
    }

    /** One block of ours: CPU nanoseconds per call. A loop of its own per side, so each call site sees one type. */
    private static double ours(PathOperation operation, int calls) throws IOException {
        long sum = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sum += operation.read(FILE);
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink = sum;
        return (double) nanos / calls;
    }

    private static double resilience4j(CheckedFunction<Path, Integer> decorated, int calls) throws IOException {
        long sum = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            for (int i = 0; i < calls; i++) {
                sum += decorated.apply(FILE);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Resilience4j's decorated call failed", t);
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink = sum;
        return (double) nanos / calls;
    }

    private static double atomic(AtomicLong counter, int calls) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            counter.incrementAndGet();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink = counter.get();
        return (double) nanos / calls;
    }
}
