package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RunningChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The test's side of several hosts incrementing one JSON counter ({@link CounterHostMain}): starts
 * them, lets them go together, and checks what they report: every value from 1 to the total written
 * exactly once, each host's own increments all there, and the file's final count.
 */
final class CounterRace {

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*(\\d+)");

    private final Path file;
    private final int incrementsEach;
    private final List<RunningChild> hosts = new ArrayList<>();

    /** One committed increment: the value written, by which host, when (wall clock, microseconds). */
    record Commit(int value, int host, long micros) {
    }

    /**
     * What the hosts reported.
     *
     * @param commits every increment, in the order of the times they were taken
     * @param redos the redo lines, each prefixed with its host's number
     */
    record Outcome(List<Commit> commits, List<String> redos) {

        /**
         * The commit that ended the longest time between two successive commits, among the commits made
         * from {@code from} to {@code to} (wall clock, microseconds); {@code null} when none was.
         */
        Commit longestGapEndingBetween(long from, long to) {
            Commit end = null;
            long longest = -1;
            for (int i = 1; i < commits.size(); i++) {
                Commit commit = commits.get(i);
                long gap = commit.micros() - commits.get(i - 1).micros();
                if (commit.micros() > from && commit.micros() <= to && gap > longest) {
                    longest = gap;
                    end = commit;
                }
            }
            return end;
        }

        /** The time between the commit before {@code end} and {@code end}, in microseconds. */
        long gapBefore(Commit end) {
            int i = commits.indexOf(end);
            return end.micros() - commits.get(i - 1).micros();
        }

        /** The median time between two successive commits, in microseconds. */
        long medianGap() {
            long[] gaps = IntStream.range(1, commits.size())
                    .mapToLong(i -> commits.get(i).micros() - commits.get(i - 1).micros()).sorted().toArray();
            return gaps[gaps.length / 2];
        }
    }

    private CounterRace(Path file, int incrementsEach) {
        this.file = file;
        this.incrementsEach = incrementsEach;
    }

    /**
     * Starts the hosts and waits until each is connected and ready.
     *
     * @param children the test's child processes
     * @param logs where the hosts' stderr goes
     * @param environment each host's environment
     * @param file the counter file
     * @param count how many hosts
     * @param incrementsEach how many increments each makes
     * @return the race, ready to go
     */
    static CounterRace start(ChildProcesses children, Path logs, Map<String, String> environment, Path file, int count,
            int incrementsEach) throws IOException, InterruptedException {
        CounterRace race = new CounterRace(file, incrementsEach);
        for (int i = 0; i < count; i++) {
            race.hosts.add(children.start(logs.resolve("host-" + i + ".log"), environment, CounterHostMain.class,
                    file.toString(), String.valueOf(incrementsEach)));
        }
        for (RunningChild host : race.hosts) {
            host.expectLine("READY", Duration.ofSeconds(60));
        }
        return race;
    }

    /** Lets every host start incrementing. */
    void go() throws IOException {
        for (RunningChild host : hosts) {
            host.send("GO");
        }
    }

    /** Reads the count on disk now (the file is only ever replaced whole); 0 before the first increment. */
    int countOnDisk() throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException notYet) {
            return 0;
        }
        Matcher matcher = VALUE.matcher(text);
        assertThat(matcher.find()).as("a JSON counter in %s: %s", file, text).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * Waits for every host's report and exit, and checks that no increment was lost or applied twice.
     *
     * @param timeout how long to wait for each host's report
     * @return what the hosts reported
     */
    Outcome finish(Duration timeout) throws IOException, InterruptedException {
        List<Commit> commits = new ArrayList<>();
        List<String> redos = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            RunningChild host = hosts.get(i);
            String line = host.nextLine(timeout);
            while (line != null && line.startsWith("REDO ")) {
                redos.add("host " + i + ": " + line.substring("REDO ".length()));
                line = host.nextLine(timeout);
            }
            if (line == null || !line.startsWith("COMMITS ")) {
                throw host.failure("printed '" + line + "' where COMMITS was expected");
            }
            List<Commit> own = parse(i, line.substring("COMMITS ".length()));
            assertThat(own).as("increments reported by host %d", i).hasSize(incrementsEach);
            commits.addAll(own);
            host.expectLine("DONE", Duration.ofSeconds(30));
            assertThat(host.awaitExit(Duration.ofSeconds(30))).as("exit code of host %d", i).isZero();
        }
        int total = hosts.size() * incrementsEach;
        assertThat(commits.stream().map(Commit::value).sorted().toList())
                .as("the values written: each from 1 to %d exactly once, or an update was lost or applied twice", total)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(countOnDisk()).as("the count in %s", file).isEqualTo(total);
        commits.sort(Comparator.comparingLong(Commit::micros));
        return new Outcome(commits, redos);
    }

    private static List<Commit> parse(int host, String list) {
        List<Commit> commits = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.split("@");
            commits.add(new Commit(Integer.parseInt(parts[0]), host, Long.parseLong(parts[1])));
        }
        return commits;
    }
}
