package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHARED and EXCLUSIVE locks across hosts: two reader JVMs hold SHARED locks on one file at once; a
 * writer JVM's EXCLUSIVE lock waits until both have left; then, while the writer rewrites the file in
 * place version after version (torn halfway through each, under its lock), the readers read it
 * under SHARED locks and never see it torn. OS locks are off: only ZooKeeper orders them.
 */
class SharedReadersExclusiveWriterTest {

    private static final int VERSIONS = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the writer is given to take a lock it must not get: long enough to notice a broken lock. */
    private static final Duration MUST_STILL_WAIT = Duration.ofSeconds(1);

    @RegisterExtension
    static final Ensemble ensemble = new Ensemble();

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @TempDir
    Path dir;

    @Test
    void readersShareTheLockAndTheWriterWaitsForBothThenNoReadSeesItsHalfWrittenFile() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path file = share.resolve("report.txt");
        Files.writeString(file, InPlaceWriterMain.text(0));
        Map<String, String> host = ensemble.hostEnvironment(null, Map.of());
        RunningChild first = children.start(dir.resolve("reader-1.log"), host, SharedReaderMain.class, file.toString(),
                String.valueOf(VERSIONS));
        RunningChild second = children.start(dir.resolve("reader-2.log"), host, SharedReaderMain.class, file.toString(),
                String.valueOf(VERSIONS));
        RunningChild writer = children.start(dir.resolve("writer.log"), host, InPlaceWriterMain.class, file.toString(),
                String.valueOf(VERSIONS));
        for (RunningChild child : children.started()) {
            child.expectLine("READY", WAIT);
        }

        first.send("ENTER");
        first.expectLine("INSIDE 0", WAIT);
        // The first reader leaves only when told: the second one getting in now is the overlap.
        second.send("ENTER");
        second.expectLine("INSIDE 0", WAIT);
        writer.send("GO");
        writer.expectLine("WAITING", WAIT);
        assertThat(writer.nextLine(MUST_STILL_WAIT)).as("the writer's line while both readers hold SHARED").isNull();
        first.send("LEAVE");
        long firstLeft = leaving(first);
        assertThat(writer.nextLine(MUST_STILL_WAIT)).as("the writer's line while the second reader holds SHARED").isNull();
        second.send("LEAVE");
        long secondLeft = leaving(second);
        String acquired = writer.nextLine(WAIT);

        assertThat(acquired).as("the writer's line once both readers left").startsWith("ACQUIRED ");
        long writerIn = Long.parseLong(acquired.substring("ACQUIRED ".length()));
        assertThat(writerIn).as("when the writer got the lock (µs)").isGreaterThan(firstLeft).isGreaterThan(secondLeft);
        writer.expectLine("WROTE", WAIT);
        List<Integer> seen = new ArrayList<>();
        for (RunningChild reader : List.of(first, second)) {
            List<Integer> own = saw(reader);
            assertThat(own).as("versions one reader saw, in order").isSorted().endsWith(VERSIONS);
            seen.addAll(own);
        }
        assertThat(seen).as("versions the readers saw while the writer was still writing")
                .anyMatch(version -> version > 0 && version < VERSIONS);
        for (RunningChild child : children.started()) {
            child.expectLine("DONE", WAIT);
            assertThat(child.awaitExit(WAIT)).isZero();
        }
        assertThat(Files.readString(file)).isEqualTo(InPlaceWriterMain.text(VERSIONS));
        System.out.printf("SharedReadersExclusiveWriterTest: the writer got the lock %.0f ms after the last reader"
                + " left; the readers saw versions %s while it wrote %d, none torn%n",
                (writerIn - Math.max(firstLeft, secondLeft)) / 1000.0, seen, VERSIONS);
    }

    /** Reads a reader's {@code LEAVING <micros> <version>}: when it left, having seen version 0 still. */
    private static long leaving(RunningChild reader) throws InterruptedException {
        String line = reader.nextLine(WAIT);
        assertThat(line).as("the reader's line on leaving").startsWith("LEAVING ");
        String[] parts = line.split(" ");
        assertThat(parts[2]).as("the version a reader read just before leaving").isEqualTo("0");
        return Long.parseLong(parts[1]);
    }

    /** Reads a reader's {@code SAW <versions>}; a torn read fails the test with the text read. */
    private static List<Integer> saw(RunningChild reader) throws InterruptedException {
        String line = reader.nextLine(WAIT);
        assertThat(line).as("what a reader saw: TORN <text> when it read a half-written file").startsWith("SAW ");
        assertThat(line).doesNotContain("gave up");
        return Arrays.stream(line.substring("SAW ".length()).split(",")).map(Integer::valueOf).toList();
    }
}
