package dev.resilientio.examples.kotlin

import dev.resilientio.core.EngineTime
import dev.resilientio.core.retry.FileRetry
import dev.resilientio.core.testsupport.FixedRandom
import dev.resilientio.core.testsupport.LogCapture
import dev.resilientio.core.testsupport.RecordingSleeper
import dev.resilientio.core.testsupport.TestTime
import java.io.IOException
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.time.Duration
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir

class RetryTest {

    @TempDir
    lateinit var dir: Path

    @JvmField
    @RegisterExtension
    val retryLog: LogCapture = LogCapture.of(FileRetry::class.java)

    private val sleeper = RecordingSleeper()
    private lateinit var time: EngineTime.Installed

    @BeforeEach
    fun injectTime() {
        time = EngineTime.install(TestTime.of(sleeper, FixedRandom.returning(0.5)))
    }

    @AfterEach
    fun restoreTime() {
        time.close()
    }

    @Test
    fun busyShareIsRetriedWithBackoffUntilItAnswers() {
        val file = dir.resolve("tasks.json")
        TaskStore().save(file, listOf(Task.create("water the plants", "test")))
        val share = FlakyTaskShare(busyReads = 2)

        val tasks = share.readTasks(file)

        assertThat(tasks).extracting<String> { it.title }.containsExactly("water the plants")
        assertThat(share.attempts).isEqualTo(3)
        assertThat(sleeper.requested()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100))
        assertThat(retryLog.warnings()).hasSize(2).allSatisfy { warning ->
            assertThat(warning).startsWith("FlakyTaskShare.readTasks failed on attempt ").endsWith("IOException: Resource busy")
        }
    }

    @Test
    fun missingFileIsPermanentAndEndsTheRetriesAtOnce() {
        // Busy once (retried), then missing: the retries stop there instead of running out the budget.
        val share = FlakyTaskShare(busyReads = 1)

        assertThatThrownBy { share.readBytes(dir.resolve("no-such.json")) }.isInstanceOf(NoSuchFileException::class.java)

        assertThat(share.attempts).isEqualTo(2)
        assertThat(sleeper.requested()).containsExactly(Duration.ofMillis(50))
    }

    @Test
    fun shareThatStaysBusyFailsWithTheLastErrorAndTheEarlierOnesSuppressed() {
        val share = FlakyTaskShare(busyReads = 10)

        assertThatThrownBy { share.readTasks(dir.resolve("tasks.json")) }
            .isExactlyInstanceOf(IOException::class.java).hasMessage("Resource busy")
            .satisfies({ assertThat(it.suppressed).hasSize(4) })

        assertThat(share.attempts).isEqualTo(5)
    }
}
