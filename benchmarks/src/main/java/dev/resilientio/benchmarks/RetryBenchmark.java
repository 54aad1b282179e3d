package dev.resilientio.benchmarks;

import dev.resilientio.benchmarks.subjects.BareAroundSubject;
import dev.resilientio.benchmarks.subjects.RetrySubject;
import dev.resilientio.core.events.ResilientIoEvents;
import dev.resilientio.core.weaving.WeavingCheck;
import io.github.resilience4j.core.functions.CheckedFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * P1 and P1b: the success path of a retried call, compile-time woven by ajc, against the same body
 * hand-wrapped in a Resilience4j {@code Retry}, through Spring Retry's and Spring Framework 7's
 * proxies, and called plainly. The agent variant is {@link AgentRetryBenchmark}, in its own fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetryBenchmark {

    /** The target path every variant is called with; never created. */
    @State(Scope.Benchmark)
    public static class Target {
        final Path file = Path.of(System.getProperty("java.io.tmpdir"), "resilient-io-bench", "retry.json");
    }

    /** The ajc-woven subject. */
    @State(Scope.Benchmark)
    public static class Woven {
        PathOperation operation;

        @Setup(Level.Trial)
        public void setUp() {
            WeavingCheck.verify(RetrySubject.class);
            operation = new RetrySubject();
        }
    }

    /**
     * The ajc-woven subject while a listener receives the engine's events: what observing costs, next to
     * {@link Woven}'s figure with nobody observing. The listener only counts, so that the figure is the
     * engine's: the event built, the clock read twice, the listener called.
     */
    @State(Scope.Benchmark)
    public static class Observed extends Woven {
        final LongAdder events = new LongAdder();
        ResilientIoEvents.Registration registration;

        @Override
        @Setup(Level.Trial)
        public void setUp() {
            super.setUp();
            registration = ResilientIoEvents.register(event -> events.increment());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            registration.close();
            if (events.sum() == 0) {
                throw new IllegalStateException("the listener received no event, so the figure timed nobody observing");
            }
        }
    }

    /**
     * The body under a bare annotation-style AspectJ around advice: what any {@code @Around} taking a
     * {@code ProceedingJoinPoint} costs, the floor of that style (not of AspectJ: an advice in its own
     * syntax that ajc inlines, as resilient-io's for {@code @RetryFileOperation} alone, has none of it).
     */
    @State(Scope.Benchmark)
    public static class BareAspect {
        PathOperation operation;

        @Setup(Level.Trial)
        public void setUp() {
            operation = new BareAroundSubject();
            if (Stream.of(BareAroundSubject.class.getDeclaredMethods()).noneMatch(m -> m.getName().contains("ajc$"))) {
                throw new IllegalStateException("ajc did not weave BareAroundSubject, so the AspectJ floor would time"
                        + " a plain call");
            }
        }
    }

    /** The body with nothing around it. */
    @State(Scope.Benchmark)
    public static class Plain {
        final PathOperation operation = new PlainOperation();
    }

    /** Resilience4j: a retry of 3 attempts, 100 ms apart, on IOException, decorated once. */
    @State(Scope.Benchmark)
    public static class Resilience4j {
        CheckedFunction<Path, Integer> decorated;

        @Setup(Level.Trial)
        public void setUp() {
            Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100))
                    .retryExceptions(IOException.class).build());
            decorated = Retry.decorateCheckedFunction(retry, new PlainOperation()::read);
            IntegerBoxes.asInAnApplication();
        }
    }

    /** A Spring context's proxied bean. */
    public abstract static class SpringBean {
        AnnotationConfigApplicationContext context;
        PathOperation operation;

        void start(Class<?> configuration) {
            context = SpringContexts.start(configuration);
            operation = context.getBean(PathOperation.class);
            if (!AopUtils.isAopProxy(operation) && !Proxy.isProxyClass(operation.getClass())) {
                throw new IllegalStateException("Spring did not proxy " + operation.getClass().getName()
                        + " for " + configuration.getSimpleName() + ", so P1b would time a plain call");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            context.close();
        }
    }

    /** Spring Retry 2 through its proxy. */
    @State(Scope.Benchmark)
    public static class SpringRetry extends SpringBean {
        @Setup(Level.Trial)
        public void setUp() {
            start(SpringContexts.SpringRetryConfig.class);
        }
    }

    /** Spring Framework 7's {@code @Retryable} through its proxy. */
    @State(Scope.Benchmark)
    public static class SpringCoreRetry extends SpringBean {
        @Setup(Level.Trial)
        public void setUp() {
            start(SpringContexts.SpringCoreRetryConfig.class);
        }
    }

    /** P1 floor: a plain call. */
    @Benchmark
    public int plainCall(Plain plain, Target target) throws IOException {
        return plain.operation.read(target.file);
    }

    /** The floor of annotation-style AspectJ's per-call cost, with a bare {@code @Around}. */
    @Benchmark
    public int bareAroundAdvice(BareAspect bare, Target target) throws IOException {
        return bare.operation.read(target.file);
    }

    /** P1: {@code @RetryFileOperation}, woven by ajc. */
    @Benchmark
    public int retryFileOperationWoven(Woven woven, Target target) throws IOException {
        return woven.operation.read(target.file);
    }

    /** P1 with a listener of the engine's events registered: each call publishes its outcome. */
    @Benchmark
    public int retryFileOperationWovenObserved(Observed woven, Target target) throws IOException {
        return woven.operation.read(target.file);
    }

    /** P1 peer: Resilience4j's decorator. */
    @Benchmark
    public int resilience4jRetry(Resilience4j r4j, Target target) throws Throwable {
        return r4j.decorated.apply(target.file);
    }

    /** P1b peer: Spring Retry. */
    @Benchmark
    public int springRetryProxy(SpringRetry spring, Target target) throws IOException {
        return spring.operation.read(target.file);
    }

    /** P1b peer: Spring Framework 7. */
    @Benchmark
    public int springCoreRetryProxy(SpringCoreRetry spring, Target target) throws IOException {
        return spring.operation.read(target.file);
    }
}
