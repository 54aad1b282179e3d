package dev.resilientio.benchmarks;

import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P1 under the Byte Buddy agent: the plain copy of {@code RetrySubject}, instrumented as it loads in
 * a fork started with {@code -javaagent}. The path is relative: run.sh runs JMH from benchmarks/.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "-javaagent:target/agents/resilient-io-agent.jar")
@State(Scope.Benchmark)
public class AgentRetryBenchmark {

    private PathOperation operation;

    /** Loads the plain subject and checks that the agent really instrumented it. */
    @Setup(Level.Trial)
    public void setUp() {
        operation = SubjectLoader.plainInstance("RetrySubject", PathOperation.class);
        WeavingCheck.verify(operation.getClass());
    }

    /** P1: {@code @RetryFileOperation} under the agent. */
    @Benchmark
    public int retryFileOperationAgent(RetryBenchmark.Target target) throws IOException {
        return operation.read(target.file);
    }
}
