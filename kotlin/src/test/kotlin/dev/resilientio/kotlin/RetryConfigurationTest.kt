package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.FileLockTimeoutException
import dev.resilientio.core.testsupport.SystemConfig
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir

/** The helpers read the runtime configuration as the annotations do: kill switch, precedence, one name per operation. */
@OptIn(ExperimentalCoroutinesApi::class) // virtual time: currentTime, advanceTimeBy
class RetryConfigurationTest {

    @JvmField
    @RegisterExtension
    val config: SystemConfig = SystemConfig()

    @TempDir
    lateinit var dir: Path

    @Test
    fun killSwitchRunsTheBlockOnce() = runTest {
        config.set("resilientio.enabled", "false")
        val attempts = AtomicInteger()

        val thrown = runCatching {
            retryFileOperation("TaskStore.save", maxAttempts = 5) {
                attempts.incrementAndGet()
                throw IOException("Resource busy")
            }
        }.exceptionOrNull()

        assertThat(thrown).isInstanceOf(IOException::class.java)
        assertThat(attempts).hasValue(1)
    }

    @Test
    fun perOperationVariableWinsOverTheArgumentWhichWinsOverTheGlobalOne() = runTest {
        config.set("resilientio.retry.max-attempts", "5")
        config.set("resilientio.retry.jitter", "0")
        config.set("resilientio.TaskStore.save.retry.max-attempts", "2")
        config.set("resilientio.TaskStore.save.retry.initial-delay", "30ms")

        val tuned = attemptsOf("TaskStore.save", maxAttempts = 4)
        val tunedTime = currentTime
        val argument = attemptsOf("TaskStore.load", maxAttempts = 4)
        val global = attemptsOf("TaskStore.load", maxAttempts = null)

        assertThat(tuned).`as`("attempts of the operation with its own variable").isEqualTo(2)
        assertThat(tunedTime).`as`("its one backoff, from its own initial delay").isEqualTo(30L)
        assertThat(argument).`as`("attempts given as an argument").isEqualTo(4)
        assertThat(global).`as`("attempts from the global variable").isEqualTo(5)
    }

    @Test
    fun lockTimeoutAndBackupsComeFromTheEnclosingOperationName() = runTest {
        config.set("resilientio.TaskStore.save.lock.timeout", "200ms")
        config.set("resilientio.TaskStore.save.atomic.backups", "1")
        val file = Files.writeString(dir.resolve("tasks.json"), "old")

        retryFileOperation("TaskStore.save", file) {
            atomicWrite(file) { temp -> Files.writeString(temp, "new") }
        }
        val timedOut = LockHolder.hold(file, LockMode.EXCLUSIVE).use {
            runCatching { retryFileOperation("TaskStore.save", file, maxAttempts = 1) { withFileLock(file) {} } }
                .exceptionOrNull()
        }

        assertThat(file).hasContent("new")
        assertThat(dir.resolve("tasks.json.backup")).`as`("the backup the operation's variable asks for").hasContent("old")
        assertThat(timedOut).isInstanceOf(FileLockTimeoutException::class.java)
        assertThat((timedOut as FileLockTimeoutException).waited())
            .`as`("the wait, from the operation's 200ms and not the global 10s")
            .isBetween(Duration.ofMillis(200), Duration.ofSeconds(5))
    }

    private suspend fun attemptsOf(name: String, maxAttempts: Int?): Int {
        val attempts = AtomicInteger()
        runCatching {
            retryFileOperation(name, maxAttempts = maxAttempts) {
                attempts.incrementAndGet()
                throw IOException("Resource busy")
            }
        }
        return attempts.get()
    }
}
