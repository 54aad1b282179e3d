package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curator's lock objects, which the provider keeps per key from one lock to the next and shares
 * between the threads of the JVM, on a real ensemble of three.
 */
class ZooKeeperLockObjectsTest {

    private static TestingCluster cluster;
    /** Looks at the lock nodes from a session of its own. */
    private static CuratorFramework observer;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEnsemble() throws Exception {
        cluster = new TestingCluster(3);
        cluster.start();
        observer = CuratorFrameworkFactory.builder().connectString(cluster.getConnectString())
                .namespace("resilient-io").retryPolicy(new RetryOneTime(100)).build();
        observer.start();
        observer.blockUntilConnected();
    }

    @AfterAll
    static void stopEnsemble() throws Exception {
        observer.close();
        cluster.close();
    }

    @BeforeEach
    void lockThroughZooKeeper() {
        config.set("resilientio.lock.provider", "zookeeper");
        config.set("resilientio.zookeeper.connect", cluster.getConnectString());
        config.set("resilientio.lock.os", "false");
    }

    private String folderOf(Path file) throws Exception {
        return LockNodes.pathOf(dir.toRealPath().resolve(file.getFileName()).toString());
    }

    @Test
    void twoThreadsSharingAKeysLockObjectEachHoldASharedNodeOfTheirOwn() throws Exception {
        Path file = dir.resolve("tasks.json");
        String folder = folderOf(file);
        try (FileLockHandle first = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
            assertThat(first.mode()).isEqualTo(LockMode.SHARED);
            Throwable second = OtherThread.run("second reader", Duration.ofSeconds(20), () -> {
                try (FileLockHandle theirs = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
                    assertThat(theirs.mode()).isEqualTo(LockMode.SHARED);
                    assertThat(observer.getChildren().forPath(folder)).hasSize(2);
                }
            });
            assertThat(second).isNull();
            assertThat(observer.getChildren().forPath(folder)).hasSize(1);
        }
        assertThat(observer.getChildren().forPath(folder)).isEmpty();
    }

    @Test
    void aLockHeldWhileTheKeptLockObjectsAreDroppedIsStillReleasedForTheNextHolder() throws Exception {
        Path file = dir.resolve("tasks.json");
        String folder = folderOf(file);
        FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
        try {
            // As many other keys as are kept: the held key's object is dropped on the way.
            for (int i = 0; i < ZooKeeperConnection.MAX_CACHED_LOCKS; i++) {
                FileLocks.acquire(dir.resolve("other-" + i + ".json"), LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close();
            }
            assertThat(observer.getChildren().forPath(folder)).hasSize(1);
        } finally {
            held.close();
        }
        assertThat(observer.getChildren().forPath(folder)).isEmpty();
        assertThat(OtherThread.run("next holder", Duration.ofSeconds(20),
                () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close())).isNull();
    }
}
