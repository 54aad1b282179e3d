package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Locks through a real ensemble of three ZooKeeper servers, in this JVM. */
class ZooKeeperLocksTest {

    private static TestingCluster cluster;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEnsemble() throws Exception {
        cluster = new TestingCluster(3);
        cluster.start();
    }

    @AfterAll
    static void stopEnsemble() throws Exception {
        cluster.close();
    }

    @BeforeEach
    void lockThroughZooKeeper() {
        config.set("resilientio.lock.provider", "zookeeper");
        config.set("resilientio.zookeeper.connect", cluster.getConnectString());
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
    void aCommitAfterTheSessionWasKilledFailsAndLeavesTheTargetAlone() throws Exception {
        Path file = dir.resolve("counter.txt");
        Files.writeString(file, "before");
        FileOperation op = FileOperation.named("ZooKeeperLocksTest.write");
        assertThatThrownBy(() -> op.update(file, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8), "",
                current -> {
                    try {
                        KillSession.kill(ZooKeeperConnection.of(dev.resilientio.core.config.ResilientIoConfig.global().locks())
                                .client().getZookeeperClient().getZooKeeper());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return "after";
                }, text -> text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileLockLostException.class);
        assertThat(Files.readString(file)).isEqualTo("before");
        op.update(file, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8), "", current -> current + "+1",
                text -> text.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("before+1");
        assertThat(Files.readString(Fencing.fenceFileOf(file.toRealPath())).strip()).matches("[0-9]+");
    }
}
