package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.AppendIdsMain;
import dev.resilientio.core.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under a real {@code kill -9}: a child JVM whose 8 threads update one file and print
 * each id once their update has returned is killed in the middle of its batches, round after round
 * on the same file; every id the child printed is in the file, and no id is there twice.
 */
class GroupCommitKillTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 4;
    /**
     * The child is killed once it has acknowledged this many updates in a round (a few more each round,
     * so that the kill meets its batches at other points), in the middle of the next ones.
     */
    private static final int ACKS_BEFORE_KILL = 120;

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killLeftover() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedUpdateSurvivesKillNineAndNoneIsAppliedTwice() throws Exception {
        Path file = dir.resolve("ids.txt");
        Set<String> acknowledged = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path log = dir.resolve("child-" + round + ".log");
            child = ChildJvm.start(log.toFile(), AppendIdsMain.class, file.toString(), Integer.toString(THREADS),
                    "r" + round + "-");
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = pump(child.getInputStream(), lines);
            int acks = 0;
            while (acks < ACKS_BEFORE_KILL + 37 * round) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("round %d: ack %d within 60 s; the child's log: %s", round, acks,
                        Files.exists(log) ? Files.readString(log) : "").isNotNull().isNotEqualTo(END);
                acknowledged.add(line);
                acks++;
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("the exit code of SIGKILL").isEqualTo(137);
            reader.join(30_000);
            // What the child printed before it died: acknowledged too.
            for (String line = lines.poll(); line != null; line = lines.poll()) {
                if (line != END) {
                    acknowledged.add(line);
                }
            }

            List<String> written;
            try (InputStream in = Files.newInputStream(file)) {
                written = AppendIdsMain.parse(in);
            }
            Map<String, Integer> counts = new HashMap<>();
            written.forEach(id -> counts.merge(id, 1, Integer::sum));
            assertThat(counts).as("round %d: ids written twice", round).allSatisfy((id, count) ->
                    assertThat(count).as(id).isEqualTo(1));
            List<String> lost = new ArrayList<>(acknowledged);
            lost.removeAll(counts.keySet());
            assertThat(lost).as("round %d: acknowledged ids missing from the file", round).isEmpty();
            System.out.printf("GroupCommitKillTest round %d: %d ids acknowledged in all, %d in the file%n", round,
                    acknowledged.size(), written.size());
        }
    }

    /** Put on the queue when the child's output ends; compared by identity. */
    private static final String END = new String("<end>");

    private static Thread pump(InputStream stdout, BlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException closed) {
                // The pipe of a killed child may end so: its output has ended.
            } finally {
                lines.add(END);
            }
        }, "child stdout");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
