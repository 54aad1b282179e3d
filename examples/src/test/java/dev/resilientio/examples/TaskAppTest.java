package dev.resilientio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskAppTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void addedTasksAreListedInOrder() {
        String file = dir.resolve("tasks.json").toString();

        int added = run("add", "buy", "milk", "--file", file);
        int addedAgain = run("add", "--file=" + file, "fix the bike");
        int listed = run("list", "--file", file);

        assertThat(added).isZero();
        assertThat(addedAgain).isZero();
        assertThat(listed).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 tasks in " + file)
                .containsPattern("  1\\. buy milk  \\[[0-9a-f]{8}, by .+ \\(pid \\d+\\)\\]")
                .containsPattern("  2\\. fix the bike  \\[");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "launch                          | unknown command 'launch'",
        "add                             | add needs a TITLE",
        "list --rounds 3                 | list has no option --rounds; it takes --file",
        "stress --processes many         | --processes must be a whole number from 1 to 32, not 'many'",
        "stress --tasks 0                | --tasks must be from 1 to 1000, not 0",
        "crash-demo --rounds             | --rounds needs a value",
        "corrupt-demo now                | corrupt-demo takes no argument 'now'",
        "list --file a --file b          | --file is given twice",
        "stress --file no-such-dir/t.json | the directory of --file no-such-dir/t.json does not exist; create it first",
        "stress --jfr rec,1               | --jfr rec,1 has a comma, which -XX:StartFlightRecording cannot take in a file"
                + " name; choose a directory without one"})
    void badCommandLineExitsWithTwoAndSaysWhatIsWrong(String commandLine, String message) {
        int exit = run(commandLine.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: " + message + System.lineSeparator())
                .contains("usage: java -jar resilient-io-examples.jar");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void corruptAndFlakyDemosPassWithAVerdictEach() {
        int corrupt = run("corrupt-demo");
        int flaky;
        // On virtual time: the backoffs and the breaker's open duration pass without waiting.
        EngineTime.Installed time = EngineTime.install(TestTime.of(new RecordingSleeper(), FixedRandom.returning(0.5)));
        try {
            flaky = run("flaky-demo");
        } finally {
            time.close();
        }

        assertThat(corrupt).isZero();
        assertThat(flaky).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("verdict: ")))
                .containsExactly("verdict: OK - the list as it was before the last add is back",
                        "verdict: OK - busy: retried with backoff until it worked; missing: failed at once; share away:"
                                + " 5 attempts instead of 150 with the breaker, which closed again after 2 trial calls");
    }

    @Test
    void stressAndCrashDemosPassThroughTheCommandLine() {
        Path recordings = dir.resolve("recordings");
        int stress = run("stress", "--processes", "2", "--tasks", "5", "--file", dir.resolve("tasks.json").toString(),
                "--jfr", recordings.toString());
        int crash = run("crash-demo", "--rounds", "2");

        assertThat(stress).isZero();
        assertThat(crash).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("annotated store: 10 of 10 tasks present (",
                "  lock waits, as a ResilientIoListener in each process saw them: 32; p50 ",
                "  JFR: 32 dev.resilientio.LockWait events in " + recordings + "/stress-worker-*.jfr, the same waits as above",
                "annotated store: tasks.json whole after 2 of 2 kills",
                "  saves the killed writers committed (AtomicWriteCommitted, from a listener in each): ",
                "  the save after the last kill, here: AtomicWriteCommitted ResilientTaskStore.save tasks.json ");
        assertThat(recordings.resolve("stress-worker-1.jfr")).isNotEmptyFile();
        assertThat(recordings.resolve("stress-worker-2.jfr")).isNotEmptyFile();
        assertThat(printed.lines().filter(line -> line.startsWith("verdict: "))).hasSize(2)
                .allSatisfy(verdict -> assertThat(verdict).startsWith("verdict: OK - "));
    }

    @Test
    void noArgumentsMeansTheWholeTour() throws Exception {
        CommandLine line = CommandLine.parse(new String[0], TaskApp.OPTIONS);

        assertThat(line.command()).isEqualTo("demo");
        assertThat(line.words()).isEmpty();
    }

    private int run(String... args) {
        return TaskApp.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
