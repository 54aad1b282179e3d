package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.events.LockLost;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.SystemConfig;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against a real ensemble of three, with a second Curator client of its own standing for
 * another host: its locks are the ones another host's engine would take on the same key.
 */
class ZooKeeperProviderTest {

    private static TestingCluster cluster;
    /** Another host: a client of its own, on the engine's namespace. */
    private static CuratorFramework otherHost;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEnsemble() throws Exception {
        cluster = new TestingCluster(3);
        cluster.start();
        otherHost = CuratorFrameworkFactory.builder().connectString(cluster.getConnectString())
                .namespace("resilient-io").retryPolicy(new RetryOneTime(100)).build();
        otherHost.start();
        otherHost.blockUntilConnected();
    }

    @AfterAll
    static void stopEnsemble() throws Exception {
        otherHost.close();
        cluster.close();
    }

    @BeforeEach
    void lockThroughZooKeeper() {
        config.set("resilientio.lock.provider", "zookeeper");
        config.set("resilientio.zookeeper.connect", cluster.getConnectString());
        config.set("resilientio.lock.os", "false");
    }

    private static InterProcessReadWriteLock otherHostLock(Path file, String holder) throws IOException {
        return new InterProcessReadWriteLock(otherHost, LockNodes.pathOf(file.toRealPath().toString()),
                holder.getBytes(StandardCharsets.UTF_8));
    }

    private static Path existing(Path file) throws IOException {
        Files.writeString(file, "{}");
        return file;
    }

    @Test
    void aTimeoutNamesTheHostThatHoldsTheLock() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        InterProcessReadWriteLock other = otherHostLock(file, "web-2 (pid 4711)");
        other.writeLock().acquire();
        try {
            assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.SHARED, Duration.ofMillis(300)))
                    .isInstanceOf(FileLockTimeoutException.class)
                    .hasMessageContaining("web-2 (pid 4711)")
                    .hasMessageContaining(file.toRealPath().toString());
        } finally {
            other.writeLock().release();
        }
    }

    @Test
    void aTimeoutBehindReadersNamesAReaderNotAWriterQueuedBehindThem() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        InterProcessReadWriteLock reader = otherHostLock(file, "reader-host (pid 1)");
        reader.readLock().acquire();
        Thread queued = new Thread(() -> {
            try {
                InterProcessReadWriteLock writer = otherHostLock(file, "queued-writer (pid 2)");
                if (writer.writeLock().acquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    writer.writeLock().release();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        queued.start();
        try {
            String folder = LockNodes.pathOf(file.toRealPath().toString());
            while (otherHost.getChildren().forPath(folder).size() < 2) {
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMillis(300)))
                    .isInstanceOf(FileLockTimeoutException.class)
                    .hasMessageContaining("reader-host (pid 1)")
                    .hasMessageNotContaining("queued-writer");
        } finally {
            reader.readLock().release();
            queued.join();
        }
    }

    @Test
    void sharedLocksOfTwoHostsOverlapAndKeepAWriterOut() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        InterProcessReadWriteLock other = otherHostLock(file, "reader");
        other.readLock().acquire();
        try {
            try (FileLockHandle shared = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
                assertThat(shared.mode()).isEqualTo(LockMode.SHARED);
            }
            assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMillis(300)))
                    .isInstanceOf(FileLockTimeoutException.class);
        } finally {
            other.readLock().release();
        }
        FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close();
    }

    @Test
    void aThreadReenteringItsLockTakesOneZooKeeperNode() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        String folder = LockNodes.pathOf(file.toRealPath().toString());
        try (FileLockHandle outer = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
                FileLockHandle inner = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
                FileLockHandle read = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
            assertThat(List.of(outer.mode(), inner.mode(), read.mode()))
                    .containsExactly(LockMode.EXCLUSIVE, LockMode.EXCLUSIVE, LockMode.SHARED);
            assertThat(otherHost.getChildren().forPath(folder)).hasSize(1);
        }
        assertThat(otherHost.checkExists().forPath(folder) == null
                || otherHost.getChildren().forPath(folder).isEmpty()).isTrue();
    }

    @Test
    void aSharedRootMakesTheKeyThePathBelowIt() throws Exception {
        Path share = Files.createDirectories(dir.resolve("mnt/share"));
        Path file = existing(Files.createDirectories(share.resolve("teams")).resolve("tasks.json"));
        config.set("resilientio.lock.shared-root", share.toString());
        try (FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5))) {
            assertThat(held.target()).isEqualTo(file.toRealPath());
            assertThat(otherHost.getChildren().forPath(LockNodes.pathOf("teams/tasks.json"))).hasSize(1);
        }
    }

    @Test
    void withOsLocksOnTheLockFileIsTakenToo() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        try (FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5))) {
            assertThat(held.lockFile()).doesNotExist();
        }
        config.set("resilientio.lock.os", "true");
        try (FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
                FileChannel channel = FileChannel.open(held.lockFile(), StandardOpenOption.WRITE)) {
            // This JVM holds the OS lock: a second lock of it on the same file is refused.
            assertThatThrownBy(channel::tryLock).isInstanceOf(OverlappingFileLockException.class);
        }
    }

    @Test
    void aWriteBehindALaterCommittedTokenFailsKeepsItsContentAndLeavesTheTarget() throws Exception {
        config.set("resilientio.atomic.keep-failed", "true");
        Path file = dir.resolve("tasks.json");
        Files.writeString(file, "the newer host's");
        FileOperation.named("Tasks.first").write(file, "the newer host's".getBytes(StandardCharsets.UTF_8));
        String space = new String(otherHost.getData().forPath(ZooKeeperConnection.TOKEN_SPACE), StandardCharsets.US_ASCII);
        Files.writeString(Fencing.fenceFileOf(file.toRealPath()), Long.MAX_VALUE + " " + space + "\n");
        FileOperation op = FileOperation.named("Tasks.save");
        try (EventRecorder events = EventRecorder.under(dir)) {
            assertThatThrownBy(() -> op.write(file, "this host's".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FileLockLostException.class)
                    .hasMessageContaining("a later holder of the lock (fencing token " + Long.MAX_VALUE)
                    .hasMessageContaining(file.toRealPath().toString());
            assertThat(events.of(LockLost.class)).singleElement()
                    .satisfies(lost -> assertThat(lost.operation()).isEqualTo("Tasks.save"));
        }
        assertThat(Files.readString(file)).isEqualTo("the newer host's");
        List<Path> kept;
        try (Stream<Path> files = Files.list(dir)) {
            kept = files.filter(f -> f.getFileName().toString().endsWith(".failed")).toList();
        }
        assertThat(kept).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo("this host's"));
    }

    @Test
    void eachCommitRecordsItsTokenAndTokensOnlyGrow() throws Exception {
        Path file = dir.resolve("tasks.json");
        Path fence = Fencing.fenceFileOf(dir.toRealPath().resolve("tasks.json"));
        FileOperation op = FileOperation.named("Tasks.save");
        op.write(file, "1".getBytes(StandardCharsets.UTF_8));
        long first = Long.parseLong(Files.readString(fence).split(" ")[0]);
        op.write(file, "2".getBytes(StandardCharsets.UTF_8));
        long second = Long.parseLong(Files.readString(fence).split(" ")[0]);
        assertThat(second).isGreaterThan(first);
        assertThat(Files.readString(file)).isEqualTo("2");
    }

    /** An application's annotated store, called below as each weaving calls it. */
    static class TaskStore {
        @FileLocked(mode = LockMode.EXCLUSIVE, timeout = "300ms")
        @AtomicWrite
        void save(Path file, String content) throws IOException {
            Files.writeString(file, content);
        }
    }

    @Test
    void anAnnotatedMethodLocksThroughZooKeeperAndIsFenced() throws Throwable {
        Path file = existing(dir.resolve("tasks.json"));
        InterProcessReadWriteLock other = otherHostLock(file, "web-2 (pid 4711)");
        other.writeLock().acquire();
        try {
            assertThatThrownBy(() -> Woven.call(new TaskStore(), "save", file, "mine"))
                    .isInstanceOf(FileLockTimeoutException.class).hasMessageContaining("web-2 (pid 4711)");
        } finally {
            other.writeLock().release();
        }
        Woven.call(new TaskStore(), "save", file, "mine");
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThat(Fencing.fenceFileOf(file.toRealPath())).content().matches("[0-9]{20} [0-9a-f-]{36}\\n");
    }

    @Test
    void anUnreachableEnsembleAtTheFirstLockNamesTheSettingAndTheAddress() throws Exception {
        String nobody = "127.0.0.1:" + freePort();
        config.set("resilientio.zookeeper.connect", nobody);
        Path file = existing(dir.resolve("tasks.json"));
        assertThatThrownBy(() -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("RESILIENT_IO_ZOOKEEPER_CONNECT")
                .hasMessageContaining(nobody)
                .hasMessageContaining(file.toRealPath().toString());
    }

    @Test
    void twoThreadsSharingAKeysLockObjectEachHoldASharedNodeOfTheirOwn() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        String folder = LockNodes.pathOf(file.toRealPath().toString());
        try (FileLockHandle first = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
            assertThat(first.mode()).isEqualTo(LockMode.SHARED);
            Throwable second = OtherThread.run("second reader", Duration.ofSeconds(20), () -> {
                try (FileLockHandle theirs = FileLocks.acquire(file, LockMode.SHARED, Duration.ofSeconds(5))) {
                    assertThat(theirs.mode()).isEqualTo(LockMode.SHARED);
                    assertThat(otherHost.getChildren().forPath(folder)).hasSize(2);
                }
            });
            assertThat(second).isNull();
            assertThat(otherHost.getChildren().forPath(folder)).hasSize(1);
        }
        assertThat(otherHost.getChildren().forPath(folder)).isEmpty();
    }

    @Test
    void aLockHeldWhileTheKeptLockObjectsAreDroppedIsStillReleasedForTheNextHolder() throws Exception {
        Path file = existing(dir.resolve("tasks.json"));
        String folder = LockNodes.pathOf(file.toRealPath().toString());
        FileLockHandle held = FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5));
        try {
            // As many other keys as the provider keeps lock objects for: the held key's is dropped on the way.
            for (int i = 0; i < ZooKeeperConnection.MAX_CACHED_LOCKS; i++) {
                FileLocks.acquire(dir.resolve("other-" + i + ".json"), LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close();
            }
            assertThat(otherHost.getChildren().forPath(folder)).hasSize(1);
        } finally {
            held.close();
        }
        assertThat(otherHost.getChildren().forPath(folder)).isEmpty();
        assertThat(OtherThread.run("next holder", Duration.ofSeconds(20),
                () -> FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofSeconds(5)).close())).isNull();
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
