package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.lock.LiveWrite;
import dev.resilientio.core.testsupport.ChildProcesses;
import dev.resilientio.core.testsupport.Leftovers;
import dev.resilientio.core.testsupport.RunningChild;
import dev.resilientio.core.testsupport.SlowAtomicWriteChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A temp is a leftover only when no write of its target is live: every atomic write holds the LIVE
 * byte of the target's lock file while its temp exists, the OS drops it when the writer dies, and
 * cleanup removes a target's temps only while it holds LIVE exclusively. Neither the temp's
 * modification time nor a process id decides.
 */
class StaleTempOwnerTest {

    private static final Duration CHILD_RUN = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    /** Each test has its own directory, so no earlier scan of this JVM stands in for its first write. */
    private Path target;

    @BeforeEach
    void existingTarget() throws IOException {
        target = Files.writeString(Files.createDirectory(temp.toRealPath().resolve("data")).resolve("state.json"), "old");
    }

    @Test
    void liveWriteOfAnotherProcessKeepsItsDayOldTempAndCommits() throws Exception {
        RunningChild child = children.start(temp.resolve("child.log"), SlowAtomicWriteChild.class, target.toString(), "child");
        Path childTemp = tempOf(child);
        assertThat(Files.getLastModifiedTime(childTemp).toInstant()).as("modification time of the child's temp")
                .isBefore(Instant.now().minus(Duration.ofHours(23)));

        ResilientFiles.writeText(target, "parent");

        assertThat(childTemp).as("temp of the live child after the parent's write of the same target").exists();
        assertThat(Files.readString(target)).isEqualTo("parent");
        child.send("go on");
        child.expectLine("DONE", CHILD_RUN);
        assertThat(child.awaitExit(CHILD_RUN)).as("exit code of the child, whose commit needs its temp").isZero();
        assertThat(Files.readString(target)).isEqualTo("child");
    }

    @Test
    void tempOfAKilledWriterIsRemovedByTheNextWrite() throws Exception {
        RunningChild child = children.start(temp.resolve("child.log"), SlowAtomicWriteChild.class, target.toString(), "child");
        Path childTemp = tempOf(child);
        assertThat(child.kill()).as("exit code after SIGKILL").isEqualTo(137);
        assertThat(childTemp).as("temp of the killed child").exists();

        ResilientFiles.writeText(target, "new");

        assertThat(childTemp).as("temp of the killed child after the next write").doesNotExist();
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void nameThatReadsAsAStagedBackupIsKeptWhileAWriteOfEitherTargetIsLive() throws Exception {
        // .state.json.backup.<id>.tmp stages a backup of state.json, or is a temp of state.json.backup.
        Path backupTarget = target.resolveSibling("state.json.backup");
        LiveWrite live = LiveWrite.begin(backupTarget, backupTarget);
        Path liveTemp;
        try {
            liveTemp = TempFiles.create(backupTarget);
            assertThat(liveTemp.getFileName().toString()).startsWith(".state.json.backup.");

            ResilientFiles.writeText(target, "new");

            assertThat(liveTemp).as("temp of a live write of state.json.backup after a write of state.json").exists();
        } finally {
            live.close();
        }
        List<Path> dead = Leftovers.leftBy(temp.resolve("child.log"), backupTarget);

        ResilientFiles.writeText(target.resolveSibling("other.json"), "first write of another target: scans again");

        assertThat(dead).as("the same kind of name left by a dead writer").noneMatch(Files::exists);
        assertThat(liveTemp).as("the once-live temp, now that its write has ended").doesNotExist();
    }

    @Test
    void anErrorFromTheLoggingBackendDuringCleanupDoesNotFailTheWrite() throws Exception {
        List<Path> left = Leftovers.leftBy(temp.resolve("child.log"), target);
        Logger logger = (Logger) LoggerFactory.getLogger(StaleTemps.class);
        Level level = logger.getLevel();
        AtomicInteger calls = new AtomicInteger();
        // What Logback did when the descriptor table was full: an Error from inside the appender.
        AppenderBase<ILoggingEvent> failing = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                calls.incrementAndGet();
                throw new NoClassDefFoundError("ch/qos/logback/core/Simulated (Too many open files)");
            }
        };
        failing.start();
        logger.addAppender(failing);
        logger.setLevel(Level.DEBUG);
        try {
            ResilientFiles.writeText(target, "new");
        } finally {
            logger.detachAppender(failing);
            logger.setLevel(level);
        }

        assertThat(calls).as("log calls of the cleanup that threw").hasPositiveValue();
        assertThat(left).as("temp of the dead writer").noneMatch(Files::exists);
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    private static Path tempOf(RunningChild child) throws InterruptedException {
        String line = child.nextLine(CHILD_RUN);
        if (line == null || !line.startsWith("TEMP ")) {
            throw child.failure("printed " + line + " where TEMP <path> was expected");
        }
        Path childTemp = Path.of(line.substring("TEMP ".length()));
        assertThat(childTemp).exists();
        return childTemp;
    }
}
