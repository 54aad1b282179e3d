package dev.resilientio.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.HoldLockMain;
import dev.resilientio.core.testsupport.OtherThread;
import dev.resilientio.core.testsupport.RunningChild;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileChannel is interruptible: an interrupt that lands in an interruptible operation on the channel
 * that every holder of a lock file shares closes it for all of them. An entry that outlives that
 * (another thread still references it) must open the lock file again rather than fail every later
 * acquire. The test reaches the private channel by reflection, since no API hands it out.
 */
class InterruptClosedLockChannelTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration CHILD_STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void acquireAfterAnInterruptClosedTheSharedChannelTakesARealOsLock() throws Exception {
        Path target = Files.writeString(temp.toRealPath().resolve("state.json"), "{}");
        LockRegistry registry = LockRegistry.instance();
        // This reference stands for a thread still waiting: it keeps the entry, and its channel, alive.
        LockEntry entry = registry.retain(FileLocks.lockFileFor(target));
        try {
            entry.osMutex().lock();
            try {
                assertThat(entry.tryOsLock(false)).as("the OS lock, free, taken through the entry").isTrue();
                entry.releaseOsLock();
            } finally {
                entry.osMutex().unlock();
            }
            FileChannel shared = sharedChannelOf(entry);
            // The engine only calls tryLock on it, which the JDK does not make interruptible; any
            // interruptible operation on the shared channel closes it for every user of the entry.
            Throwable closing = OtherThread.run("interrupted", PROMPTLY, () -> {
                Thread.currentThread().interrupt();
                shared.read(ByteBuffer.allocate(1), 0);
            });
            assertThat(closing).as("a read of the shared channel with a pending interrupt")
                    .isInstanceOf(ClosedByInterruptException.class);
            assertThat(shared.isOpen()).as("the shared channel after the interrupt").isFalse();

            try (FileLockHandle handle = FileLocks.acquire(target, LockMode.EXCLUSIVE, PROMPTLY)) {
                assertThat(handle.mode()).isEqualTo(LockMode.EXCLUSIVE);
                try (RunningChild child = RunningChild.start(temp.resolve("child.log"), HoldLockMain.class,
                        target.toString(), LockMode.SHARED.name(), "300")) {
                    child.expectLine("WAITING", CHILD_STARTUP);
                    child.expectLine("TIMEOUT", PROMPTLY);
                }
            }
        } finally {
            registry.release(entry);
        }
    }

    /** The entry's shared channel, read by reflection; also used by {@link KeptLockChannelTest}. */
    static FileChannel sharedChannelOf(LockEntry entry) throws ReflectiveOperationException {
        Field channel = LockEntry.class.getDeclaredField("channel");
        channel.setAccessible(true);
        return (FileChannel) channel.get(entry);
    }
}
