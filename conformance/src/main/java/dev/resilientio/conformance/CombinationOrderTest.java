package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.CombinedFiles;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * All three annotations on one method, written in any order, run retry (outermost), then the lock,
 * then the atomic write: between attempts nothing is held and no temp exists; during an attempt the
 * lock is held and the body writes a fresh temp.
 */
class CombinationOrderTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final CombinedFiles files = new CombinedFiles();

    /** The three methods, one per order in which the annotations are written. */
    enum WrittenOrder {
        ATOMIC_LOCK_RETRY {
            @Override
            void write(CombinedFiles files, Path file, String text) throws IOException {
                files.atomicWrittenFirst(file, text);
            }
        },
        RETRY_ATOMIC_LOCK {
            @Override
            void write(CombinedFiles files, Path file, String text) throws IOException {
                files.retryWrittenFirst(file, text);
            }
        },
        LOCK_RETRY_ATOMIC {
            @Override
            void write(CombinedFiles files, Path file, String text) throws IOException {
                files.lockWrittenFirst(file, text);
            }
        };

        abstract void write(CombinedFiles files, Path file, String text) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(WrittenOrder.class)
    void eachAttemptLocksAndWritesAFreshTempWhileTheBackoffHoldsNothing(WrittenOrder order) throws IOException {
        Path target = Files.writeString(dir.resolve("data.txt"), "old");
        List<String> duringBody = new ArrayList<>();
        List<String> duringPause = new ArrayList<>();
        files.duringBody = argument -> duringBody.add("lock held " + LockProbe.isHeld(target)
                + ", argument is the target " + argument.equals(target) + ", temps " + Temps.in(dir).size());
        time.duringEachPause(delay -> duringPause.add("lock held " + LockProbe.isHeld(target)
                + ", temps " + Temps.in(dir).size() + ", target " + Files.readString(target)));
        files.failures.thenFailTimes(2);

        order.write(files, target, "new");

        assertThat(duringBody).as("each attempt under %s", WeavingMode.name()).containsExactly(
                "lock held true, argument is the target false, temps 1",
                "lock held true, argument is the target false, temps 1",
                "lock held true, argument is the target false, temps 1");
        assertThat(duringPause).as("each backoff under %s", WeavingMode.name()).containsExactly(
                "lock held false, temps 0, target old",
                "lock held false, temps 0, target old");
        assertThat(time.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(files.received).as("a fresh temp per attempt").doesNotHaveDuplicates().hasSize(3)
                .allSatisfy(temp -> AtomicWriteTest.assertIsTempBeside(target, temp));
        assertThat(target).hasContent("new");
        assertThat(Temps.in(dir)).isEmpty();
        assertThat(LockProbe.isHeld(target)).as("lock held after the call").isFalse();
    }
}
