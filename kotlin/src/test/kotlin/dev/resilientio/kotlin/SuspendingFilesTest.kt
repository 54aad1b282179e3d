package dev.resilientio.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.RecoveryFileNotice
import dev.resilientio.core.testsupport.SystemConfig
import dev.resilientio.core.testsupport.Counter
import dev.resilientio.core.testsupport.Temps
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
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
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir
import tools.jackson.databind.json.JsonMapper

/** `SuspendingFiles` and `SuspendingJson` on real files: the engine's results, through coroutines. */
class SuspendingFilesTest {

    @JvmField
    @RegisterExtension
    val config: SystemConfig = SystemConfig()

    @TempDir
    lateinit var dir: Path

    @Test
    fun writesAndReadsTextAndFallsBackToTheDefault() = runBlocking<Unit> {
        val file = dir.resolve("notes.txt")

        val missing = SuspendingFiles.readText(file, "none yet")
        SuspendingFiles.writeText(file, "water the plants")

        assertThat(missing).isEqualTo("none yet")
        assertThat(SuspendingFiles.readText(file)).isEqualTo("water the plants")
        assertThat(file).hasContent("water the plants")
    }

    @Test
    fun writesAndReadsJsonWithTheDefaultMapperAndYourOwn() = runBlocking<Unit> {
        val file = dir.resolve("counter.json")
        val compact = SuspendingFiles.json(JsonMapper.builder().build())

        val missing = SuspendingFiles.readJson(file, Counter::class, Counter(-1))
        SuspendingFiles.writeJson(file, Counter(7))
        val readBack = SuspendingFiles.readJson(file, Counter::class)
        compact.writeJson(file, Counter(8))

        assertThat(missing).isEqualTo(Counter(-1))
        assertThat(readBack).isEqualTo(Counter(7))
        assertThat(file).`as`("written by the caller's mapper, which does not indent").hasContent("{\"value\":8}")
        assertThat(compact.readJson(file, Counter::class)).isEqualTo(Counter(8))
    }

    @Test
    fun concurrentUpdatesFromCoroutinesLoseNothing() = runBlocking<Unit> {
        val file = dir.resolve("counter.json")
        val json = SuspendingJson(JsonMapper.builder().build())

        (1..4).map {
            async(Dispatchers.Default) {
                repeat(5) { json.updateJson(file, Counter::class, Counter(0)) { it.increment() } }
            }
        }.awaitAll()

        assertThat(SuspendingFiles.readJson(file, Counter::class)).isEqualTo(Counter(20))
    }

    @Test
    fun cancellingAWriteThatWaitsForTheLockEndsItAndChangesNothing() = runBlocking<Unit> {
        val file = Files.writeString(dir.resolve("notes.txt"), "old")

        LockHolder.hold(file, LockMode.EXCLUSIVE).use {
            val waitingBefore = LockWaiters.current()
            val writer = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                SuspendingFiles.writeText(file, "new")
            }
            val waiting = LockWaiters.awaitNew(waitingBefore)
            withTimeout(3.seconds) { writer.cancelAndJoin() }

            assertThat(writer.isCancelled).isTrue()
            assertThat(LockWaiters.current()).`as`("threads still waiting for a lock").doesNotContain(waiting)
        }
        // Checked after the holder let go, when a write that had not really ended could go on.
        assertThat(file).`as`("the target after the cancelled write").hasContent("old")
        assertThat(Temps.`in`(dir)).`as`("temps left by the cancelled write").isEmpty()
        SuspendingFiles.writeText(file, "after")

        assertThat(file).hasContent("after")
    }

    @Test
    fun failedWritesKeepTheirContentAsTheJavaHelpersDo() = runBlocking<Unit> {
        config.set("resilientio.atomic.keep-failed", "true")
        config.set("resilientio.atomic.backups", "1")
        val notes = Files.writeString(dir.resolve("notes.txt"), "old")
        val counter = Files.writeString(dir.resolve("counter.json"), "{\"value\":1}")
        // A non-empty directory where each commit's backup goes: the content is complete, the commit fails.
        for (file in listOf(notes, counter)) {
            Files.writeString(Files.createDirectory(Path.of("$file.backup")).resolve("inside"), "x")
        }

        val textFailure = runCatching { SuspendingFiles.writeText(notes, "new") }.exceptionOrNull()
        val jsonFailure = runCatching {
            SuspendingJson(JsonMapper.builder().build()).updateJson(counter, Counter::class, Counter(0)) { it.increment() }
        }.exceptionOrNull()

        assertThat(textFailure).isInstanceOf(IOException::class.java)
        assertThat(RecoveryFileNotice.`in`(textFailure).map { it.file() }).contains(dir.resolve("notes.txt.failed"))
        assertThat(dir.resolve("notes.txt.failed")).hasContent("new")
        assertThat(jsonFailure).isInstanceOf(IOException::class.java)
        assertThat(RecoveryFileNotice.`in`(jsonFailure).map { it.file() }).contains(dir.resolve("counter.json.failed"))
        assertThat(dir.resolve("counter.json.failed")).`as`("the updated value that could not be saved")
            .hasContent("{\"value\":2}")
        assertThat(Path.of("${dir.resolve("counter.json.failed")}.json")).content()
            .contains("\"operation\": \"ResilientJson.updateJson\"")
        assertThat(notes).hasContent("old")
        assertThat(counter).hasContent("{\"value\":1}")
    }
}
