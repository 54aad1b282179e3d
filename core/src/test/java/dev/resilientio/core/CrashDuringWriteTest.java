package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.RewriteLoopMain;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.VersionedDocument;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CrashDuringWriteTest {

    private static final int KILLS = 32;
    /**
     * Every so many kills, the writer stops halfway through writing a temp until it is killed, so that
     * some kills surely land mid-write; the others land at random moments of a writer's loop.
     */
    private static final int MID_WRITE_EVERY = 8;
    /** Writers started ahead, so that JVM start-up overlaps the previous writer's run. */
    private static final int STARTED_AHEAD = 2;
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path tempDir;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void killedWritersLeaveOneCompleteVersionAndTheNextWriterRemovesTheirTemps() throws Exception {
        Path data = Files.createDirectory(tempDir.resolve("data"));
        Path target = data.resolve("state.txt");
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Deque<RunningChild> ready = new ArrayDeque<>();
        for (int i = 0; i < STARTED_AHEAD; i++) {
            ready.add(startWriter(target));
        }
        Set<Path> leftByKilled = new LinkedHashSet<>();
        List<Path> leftByLastKill = List.of();
        Set<Long> versionsSeen = new TreeSet<>();
        int killsLeavingTemp = 0;
        long nextVersion = 1;

        for (int kill = 0; kill < KILLS; kill++) {
            RunningChild writer = ready.removeFirst();
            if (children.count() <= KILLS) {
                ready.add(startWriter(target));
            }
            writer.expectLine("READY", CHILD_STARTUP);
            // Still there now, so it is the next write that removes them and nothing else.
            assertThat(leftByLastKill).as("temps of the last killed writer before the next write").allMatch(Files::exists);

            writer.send("GO " + nextVersion);
            writer.expectLine("STARTED", CHILD_STARTUP);
            assertThat(leftByKilled).as("temps of killed writers once the next writer has written").noneMatch(Files::exists);
            boolean midWrite = kill % MID_WRITE_EVERY == 0;
            String writing = null;
            if (midWrite) {
                writing = writingTemp(writer);
                assertThat(names(tempsOf(target))).as("temps while writer %d writes", kill).containsExactly(writing);
            } else {
                Thread.sleep(random.nextInt(50, 401));
            }
            int exitCode = writer.kill();

            assertThat(exitCode).as("exit code of writer %d after SIGKILL", kill).isEqualTo(137);
            leftByLastKill = tempsOf(target);
            if (midWrite) {
                assertThat(names(leftByLastKill)).as("temps after killing writer %d mid-write", kill)
                        .containsExactly(writing);
            }
            if (!leftByLastKill.isEmpty()) {
                killsLeavingTemp++;
                leftByKilled.addAll(leftByLastKill);
            }
            VersionedDocument document = parse(target, "after kill " + kill + " (seed " + seed + ")");
            assertThat(document.defect()).as("the target after kill %d (seed %d)", kill, seed).isNull();
            assertThat(document.version()).as("version after kill %d; the killed writer had committed %d", kill, nextVersion)
                    .isGreaterThanOrEqualTo(nextVersion);
            if (midWrite) {
                assertThat(document.version()).as("version after killing writer %d mid-write", kill).isEqualTo(nextVersion);
            }
            versionsSeen.add(document.version());
            nextVersion = document.version() + 1;
        }

        RunningChild finalWriter = ready.removeFirst();
        finalWriter.expectLine("READY", CHILD_STARTUP);
        finalWriter.send("GO " + nextVersion);
        finalWriter.expectLine("STARTED", CHILD_STARTUP);
        finalWriter.expectLine("DONE", CHILD_STARTUP);
        assertThat(finalWriter.awaitExit(CHILD_STARTUP)).as("exit code of the final writer").isZero();

        System.out.printf("CrashDuringWriteTest: %d kills, %d left a temp file (%d temps), versions seen %s, last %d,"
                + " random seed %d%n", KILLS, killsLeavingTemp, leftByKilled.size(), versionsSeen, nextVersion, seed);
        assertThat(tempsOf(target)).as("temps after the final writer").isEmpty();
        VersionedDocument last = parse(target, "after the final writer");
        assertThat(last.defect()).isNull();
        assertThat(last.version()).isEqualTo(nextVersion);
    }

    /** Waits for a mid-write writer to say that it is writing, and returns the name of its temp. */
    private static String writingTemp(RunningChild writer) throws InterruptedException {
        String line = writer.nextLine(CHILD_STARTUP);
        if (line == null || !line.startsWith("WRITING ")) {
            throw writer.failure("printed '" + line + "' where WRITING <temp> was expected");
        }
        return Path.of(line.substring("WRITING ".length())).getFileName().toString();
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }

    /**
     * Starts the next writer: one that stops mid-write or loops until it is killed, and after KILLS of them
     * one that writes once.
     */
    private RunningChild startWriter(Path target) throws IOException {
        int index = children.count();
        String mode = index >= KILLS ? "once" : index % MID_WRITE_EVERY == 0 ? "midwrite" : "loop";
        return children.start(tempDir.resolve("writer-" + children.count() + ".log"),
                RewriteLoopMain.class, target.toString(), mode);
    }

    private static VersionedDocument parse(Path target, String when) throws IOException {
        // Read directly, not through the library: recovery must not be able to hide a torn file.
        byte[] content = Files.readAllBytes(target);
        try {
            return VersionedDocument.parse(content);
        } catch (IOException torn) {
            throw new AssertionError("The target " + when + " is torn: " + torn.getMessage(), torn);
        }
    }

    private static List<Path> tempsOf(Path target) throws IOException {
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
                "." + target.getFileName() + ".*.tmp")) {
            entries.forEach(temps::add);
        }
        return temps;
    }
}
