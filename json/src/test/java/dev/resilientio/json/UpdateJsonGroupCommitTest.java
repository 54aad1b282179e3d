package dev.resilientio.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.testsupport.EventRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ResilientJson#updateJson} from 8 threads of one JVM on one file: committed in groups, every
 * change applied exactly once, each caller's value holding its own change, whatever mapper and type
 * each caller reads the file with (half use the indenting default mapper and a record, half their own
 * compact mapper and a map).
 */
class UpdateJsonGroupCommitTest {

    private static final int THREADS = 8;
    private static final int EACH = 25;

    @TempDir
    Path dir;

    /** The document: a list of ids. */
    record Ids(List<String> ids) {
    }

    @Test
    void eightThreadsWithTwoMappersAndTwoTypesApplyEveryChangeOnceInFewerCommits() throws Exception {
        Path file = dir.resolve("ids.json");
        JsonFiles compact = ResilientJson.with(JsonMapper.builder().build());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        try (EventRecorder events = EventRecorder.under(dir)) {
            for (int t = 0; t < THREADS; t++) {
                boolean asRecord = t % 2 == 0;
                String prefix = "t" + t + "-";
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < EACH; i++) {
                            String id = prefix + i;
                            List<String> seen = asRecord ? recordUpdate(file, id) : mapUpdate(compact, file, id);
                            assertThat(seen).as("the value %s's caller got", id).last().isEqualTo(id);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "updater " + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(120_000);
                assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
            }

            assertThat(failures).isEmpty();
            List<String> ids = ResilientJson.readJson(file, Ids.class).ids();
            assertThat(ids).hasSize(THREADS * EACH);
            assertThat(new HashSet<>(ids)).as("each id once").hasSize(THREADS * EACH);
            long commits = events.of(AtomicWriteCommitted.class).size();
            assertThat(commits).as("commits of %d updates", THREADS * EACH).isLessThan(THREADS * EACH);
            System.out.printf("UpdateJsonGroupCommitTest: %d updates in %d commits%n", THREADS * EACH, commits);
        }
    }

    private static List<String> recordUpdate(Path file, String id) throws Exception {
        return ResilientJson.updateJson(file, Ids.class, new Ids(List.of()), current -> {
            List<String> next = new ArrayList<>(current.ids());
            next.add(id);
            return new Ids(next);
        }).ids();
    }

    @SuppressWarnings("unchecked")
    private static List<String> mapUpdate(JsonFiles compact, Path file, String id) throws Exception {
        Map<String, Object> updated = compact.updateJson(file, Map.class, Map.of("ids", List.of()), current -> {
            List<Object> next = new ArrayList<>((List<Object>) current.get("ids"));
            next.add(id);
            return Map.of("ids", next);
        });
        return (List<String>) updated.get("ids");
    }
}
