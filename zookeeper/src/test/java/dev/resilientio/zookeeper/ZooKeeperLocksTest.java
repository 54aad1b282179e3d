package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.KillSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Locks through a real ensemble of three ZooKeeper servers, in this JVM. */
class ZooKeeperLocksTest {

    @RegisterExtension
    static final Ensemble ensemble = new Ensemble();

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @BeforeEach
    void lockThroughZooKeeper() {
        config.set("resilientio.lock.provider", "zookeeper");
        config.set("resilientio.zookeeper.connect", ensemble.connectString());
        config.set("resilientio.zookeeper.session-timeout", "4s");
        config.set("resilientio.lock.os", "false");
    }

    @Test
    void anExclusiveLockKeepsAnotherThreadOutUntilReleased() throws Exception {
        Path file = dir.resolve("tasks.json");
        try (FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5))) {
            assertThat(held.mode()).isEqualTo(LockMode.EXCLUSIVE);
            Throwable other = OtherThread.run("waiter", Duration.ofSeconds(10),
                    () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMillis(300)).close());
            assertThat(other).isInstanceOf(FileLockTimeoutException.class);
        }
        assertThat(OtherThread.run("after", Duration.ofSeconds(10),
                () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close())).isNull();
    }

    @Test
    void aCommitAfterTheSessionWasKilledFailsLeavesTheTargetAndKeepsTheContentAsTheRecoveryFile() throws Exception {
        config.set("resilientio.atomic.keep-failed", "true");
        Path file = dir.resolve("counter.txt");
        Files.writeString(file, "before");
        FileOperation op = FileOperation.named("ZooKeeperLocksTest.write");

        FileLockLostException lost = catchThrowableOfType(FileLockLostException.class, () -> op.update(file,
                ZooKeeperLocksTest::text, "", current -> {
                    killSession();
                    return "after";
                }, ZooKeeperLocksTest::bytes));

        assertThat(lost).isNotNull();
        assertThat(Files.readString(file)).isEqualTo("before");
        Path kept = RecoveryFileNotice.in(lost).orElseThrow().file();
        assertThat(kept).hasParent(dir.toRealPath());
        assertThat(Files.readString(kept)).isEqualTo("after");
        assertThat(lost.getMessage()).contains(file.getFileName().toString()).contains(kept.toString());
        op.update(file, ZooKeeperLocksTest::text, "", current -> current + "+1", ZooKeeperLocksTest::bytes);
        assertThat(Files.readString(file)).isEqualTo("before+1");
        assertThat(Files.readString(Fencing.fenceFileOf(file.toRealPath())).strip()).matches("[0-9]{20} [0-9a-f-]{36}");
    }

    /**
     * Expires this JVM's ZooKeeper session as the client sees an expiry (Curator's KillSession injects it on the
     * client's side; the servers drop the old session and its lock nodes a session timeout later).
     */
    private static void killSession() {
        try {
            KillSession.kill(ZooKeeperConnection.of(ResilientIoConfig.global().locks()).client().getZookeeperClient()
                    .getZooKeeper());
        } catch (Exception e) {
            throw new IllegalStateException("could not reach this JVM's ZooKeeper client to kill its session", e);
        }
    }

    private static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
