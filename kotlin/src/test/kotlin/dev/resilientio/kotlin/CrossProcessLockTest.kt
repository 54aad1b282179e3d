package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.FileLockTimeoutException
import dev.resilientio.core.testsupport.HoldLockMain
import dev.resilientio.core.testsupport.RunningChild
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** `withFileLock` against a second real process, which takes the lock through core in a child JVM. */
class CrossProcessLockTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun coroutineHoldingTheLockExcludesAnotherProcess() = runBlocking<Unit> {
        val file = Files.writeString(dir.toRealPath().resolve("tasks.json"), "{}")
        val locked = CountDownLatch(1)
        val release = CountDownLatch(1)

        val holder = async(Dispatchers.Default) {
            withFileLock(file, LockMode.EXCLUSIVE, 5.seconds) {
                locked.countDown()
                release.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)
            }
        }
        assertThat(locked.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).`as`("the coroutine holds the lock").isTrue()
        RunningChild.start(dir.resolve("child.log"), HoldLockMain::class.java, file.toString(), "SHARED", "300").use { child ->
            child.expectLine("WAITING", CHILD_STARTUP)
            child.expectLine("TIMEOUT", PROMPTLY)
        }
        release.countDown()

        assertThat(holder.await()).`as`("the holder released in time").isTrue()
    }

    @Test
    fun lockHeldByAnotherProcessTimesOutThenIsGrantedOnceReleased() = runBlocking<Unit> {
        val file = Files.writeString(dir.toRealPath().resolve("tasks.json"), "{}")

        RunningChild.start(dir.resolve("child.log"), HoldLockMain::class.java, file.toString(), "EXCLUSIVE", "5000").use { child ->
            child.expectLine("WAITING", CHILD_STARTUP)
            child.expectLine("LOCKED", PROMPTLY)
            val timedOut = runCatching { withFileLock(file, LockMode.SHARED, 300.milliseconds) { "read" } }.exceptionOrNull()
            child.send("RELEASE")
            child.expectLine("RELEASED", PROMPTLY)
            val granted = withFileLock(file, LockMode.SHARED, 5.seconds) { "read" }

            assertThat(timedOut).isInstanceOf(FileLockTimeoutException::class.java)
                .hasMessageContaining("another process")
            assertThat((timedOut as FileLockTimeoutException).waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300))
            assertThat(granted).isEqualTo("read")
        }
    }

    private companion object {
        val CHILD_STARTUP: Duration = Duration.ofSeconds(30)
        val PROMPTLY: Duration = Duration.ofSeconds(5)
    }
}
