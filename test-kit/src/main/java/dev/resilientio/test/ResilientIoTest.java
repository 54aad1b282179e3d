package dev.resilientio.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test class, or one test, with {@link ResilientIoExtension}, and keeps it from running at
 * the same time as any other test so marked: the engine's time, fault seam and circuit breakers are
 * the JVM's, one per JVM, so two such tests at once would see each other's faults and clock. Under
 * JUnit's parallel execution this is the resource lock {@value ResilientIoExtension#ENGINE}; a test
 * that uses resilient-io without the extension and must not run beside these takes it too
 * ({@code @ResourceLock(ResilientIoExtension.ENGINE)}), or the class is {@code @Isolated}.
 *
 * <p>On a method, it also sets how that test's faults are checked.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ResilientIoExtension.class)
@ResourceLock(ResilientIoExtension.ENGINE)
public @interface ResilientIoTest {

    /**
     * Whether a test that passed fails when a fault set up with {@link FileFaults} was not used as
     * many times as asked ({@link FileFaults#verifyAllUsed()}). Default {@code true}: a fault whose
     * path or step is wrong would otherwise let the test pass without testing what it says. A
     * method's value wins over its class's.
     *
     * @return {@code false} to let faults go unused
     */
    boolean strictFaults() default true;
}
