package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.FileLockTimeoutException
import dev.resilientio.core.lock.FileLocks
import dev.resilientio.core.testsupport.HoldLockMain
import dev.resilientio.core.testsupport.RunningChild
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** `withFileLock` between threads and coroutines of this JVM, and a cancelled waiter; real locks, real time. */
class WithFileLockTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun lockHeldByAnotherThreadExcludesExclusiveAndAdmitsShared() = runBlocking<Unit> {
        val file = dir.resolve("tasks.json")

        val (exclusive, shared) = LockHolder.hold(file, LockMode.SHARED).use {
            val exclusive = runCatching { withFileLock(file, LockMode.EXCLUSIVE, 200.milliseconds) { "written" } }
            val shared = runCatching { withFileLock(file, LockMode.SHARED, 200.milliseconds) { "read" } }
            exclusive to shared
        }
        val afterRelease = withFileLock(file, LockMode.EXCLUSIVE, 1.seconds) { "written" }

        val timedOut = exclusive.exceptionOrNull()
        assertThat(timedOut).isInstanceOf(FileLockTimeoutException::class.java).hasMessageContaining(file.toString())
        assertThat((timedOut as FileLockTimeoutException).mode()).isEqualTo(LockMode.EXCLUSIVE)
        assertThat(timedOut.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(200))
        assertThat(shared.getOrNull()).isEqualTo("read")
        assertThat(afterRelease).isEqualTo("written")
    }

    @Test
    fun exclusiveBlocksOfCoroutinesNeverOverlapAndLoseNoIncrement() = runBlocking<Unit> {
        val file = Files.writeString(dir.resolve("counter.txt"), "0")
        val inside = AtomicInteger()
        val mostInside = AtomicInteger()

        (1..4).map {
            async(Dispatchers.Default) {
                repeat(5) {
                    withFileLock(file, timeout = 10.seconds) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), ::maxOf)
                        val value = Files.readString(file).toInt()
                        Thread.sleep(5)
                        Files.writeString(file, (value + 1).toString())
                        inside.decrementAndGet()
                    }
                }
            }
        }.awaitAll()

        assertThat(mostInside).`as`("blocks inside the lock at once").hasValue(1)
        assertThat(file).hasContent("20")
    }

    @Test
    fun sharedBlocksOfCoroutinesRunTogether() = runBlocking<Unit> {
        val file = dir.resolve("tasks.json")
        val bothInside = CountDownLatch(2)

        val met = (1..2).map {
            async(Dispatchers.Default) {
                withFileLock(file, LockMode.SHARED, 5.seconds) {
                    bothInside.countDown()
                    bothInside.await(5, TimeUnit.SECONDS)
                }
            }
        }.awaitAll()

        assertThat(met).`as`("each reader saw the other inside").containsExactly(true, true)
    }

    @Test
    fun blockHoldsTheLockOnItsOwnThreadSoEngineCallsReenterIt() = runBlocking<Unit> {
        val file = dir.resolve("tasks.json")

        val reentered = withFileLock(file) {
            FileLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ofMillis(200)).use { it.mode() }
        }

        assertThat(reentered).isEqualTo(LockMode.EXCLUSIVE)
    }

    @Test
    fun cancelledWaiterTakesNothingAndLeavesTheHoldersLockIntact() = runBlocking<Unit> {
        val file = Files.writeString(dir.toRealPath().resolve("tasks.json"), "{}")
        val registryBefore = FileLocks.lockFilesInUse()
        val blockRan = AtomicBoolean()

        LockHolder.hold(file, LockMode.EXCLUSIVE).use {
            val waitingBefore = LockWaiters.current()
            val waiter = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                withFileLock(file, timeout = 60.seconds) { blockRan.set(true) }
            }
            val waiting = LockWaiters.awaitNew(waitingBefore)
            withTimeout(3.seconds) { waiter.cancelAndJoin() }

            assertThat(waiter.isCancelled).isTrue()
            assertThat(LockWaiters.current()).`as`("threads still waiting for a lock").doesNotContain(waiting)
            RunningChild.start(dir.resolve("child.log"), HoldLockMain::class.java, file.toString(), "EXCLUSIVE", "300")
                .use { child ->
                    child.expectLine("WAITING", CHILD_STARTUP)
                    child.expectLine("TIMEOUT", PROMPTLY)
                }
        }
        val afterRelease = withFileLock(file, timeout = 1.seconds) { "written" }

        assertThat(blockRan).`as`("the cancelled waiter's block ran").isFalse()
        assertThat(afterRelease).isEqualTo("written")
        assertThat(FileLocks.lockFilesInUse()).`as`("lock files in the registry").isEqualTo(registryBefore)
    }

    private companion object {
        val CHILD_STARTUP: Duration = Duration.ofSeconds(30)
        val PROMPTLY: Duration = Duration.ofSeconds(5)
    }
}
