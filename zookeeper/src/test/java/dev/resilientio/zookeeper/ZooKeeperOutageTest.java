package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a wait for a lock does when the ensemble goes away under it: it ends, with a clear error. */
class ZooKeeperOutageTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @Test
    void aWaitEndsWithAClearErrorWhenTheEnsembleGoesAway() throws Exception {
        Path file = dir.resolve("tasks.json");
        Files.writeString(file, "{}");
        try (TestingServer server = new TestingServer();
                CuratorFramework otherHost = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                        .namespace("resilient-io").retryPolicy(new RetryOneTime(100)).build()) {
            otherHost.start();
            String folder = LockNodes.pathOf(file.toRealPath().toString());
            InterProcessReadWriteLock held = new InterProcessReadWriteLock(otherHost, folder,
                    "web-2".getBytes(StandardCharsets.UTF_8));
            held.writeLock().acquire();
            config.set("resilientio.lock.provider", "zookeeper");
            config.set("resilientio.zookeeper.connect", server.getConnectString());
            config.set("resilientio.zookeeper.session-timeout", "2s");
            config.set("resilientio.lock.os", "false");

            CountDownLatch waiting = new CountDownLatch(1);
            long[] ended = new long[1];
            Thread stopper = new Thread(() -> {
                try {
                    waiting.await();
                    // The waiter's node queued behind the holder's: it waits in ZooKeeper, not for a connection.
                    while (otherHost.getChildren().forPath(folder).size() < 2) {
                        Thread.sleep(10);
                    }
                    server.stop();
                    ended[0] = System.nanoTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            stopper.start();
            Throwable failure = OtherThread.run("waiter", Duration.ofSeconds(60), () -> {
                waiting.countDown();
                dev.resilientio.core.lock.FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(50)).close();
            });
            long now = System.nanoTime();
            stopper.join();
            long afterStop = now - ended[0];
            assertThat(failure).isInstanceOf(IOException.class)
                    .hasMessageContaining("RESILIENT_IO_ZOOKEEPER_CONNECT")
                    .hasMessageContaining(server.getConnectString())
                    .hasMessageContaining(file.toRealPath().toString())
                    .hasMessageContaining("the ZooKeeper session was lost")
                    .hasMessageContaining("The lock was not taken");
            // Well before the lock's own timeout of 50 s: when the session of 2 s is lost, the wait ends.
            assertThat(TimeUnit.NANOSECONDS.toSeconds(afterStop)).isLessThan(10);
            System.out.printf("the wait ended %d ms after the ensemble stopped%n", TimeUnit.NANOSECONDS.toMillis(afterStop));
        }
    }
}
