package dev.resilientio.kotlin

import dev.resilientio.core.RecoveryFileNotice
import dev.resilientio.core.testsupport.SystemConfig
import dev.resilientio.core.testsupport.Temps
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir

/** `atomicWrite` on real files: the target is replaced only by a write that completes. */
class AtomicWriteTest {

    @JvmField
    @RegisterExtension
    val config: SystemConfig = SystemConfig()

    @TempDir
    lateinit var dir: Path

    /** A non-empty directory where the commit's backup goes, so the commit fails after the content is complete. */
    private fun blockTheBackupOf(file: Path) {
        Files.writeString(Files.createDirectory(Path.of("$file.backup")).resolve("inside"), "x")
    }

    @Test
    fun replacesTheFileWithWhatTheCallbackWroteAndLeavesNoTemp() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        var written: Path? = null

        atomicWrite(file) { temp ->
            written = temp
            Files.writeString(temp, "new")
        }

        assertThat(written).`as`("the path the callback got").isNotEqualTo(file)
        assertThat(written!!.parent).isEqualTo(file.parent)
        assertThat(file).hasContent("new")
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun failingCallbackLeavesTheOldFileAndNoTemp() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        val failure = IOException("No space left on device")

        val thrown = runCatching {
            atomicWrite(file) { temp ->
                Files.writeString(temp, "half of the new")
                throw failure
            }
        }.exceptionOrNull()

        assertThat(thrown).isSameAs(failure)
        assertThat(file).hasContent("old")
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun argumentsChooseBackupsAndACopyOfTheCurrentContent() = runTest {
        val file = Files.writeString(dir.resolve("log.txt"), "one\n")

        atomicWrite(file, backups = 1, copyExisting = true) { temp ->
            Files.writeString(temp, "two\n", StandardOpenOption.APPEND)
        }

        assertThat(file).hasContent("one\ntwo\n")
        assertThat(dir.resolve("log.txt.backup")).hasContent("one\n")
    }

    @Test
    fun keepFailedKeepsTheContentWhoseCommitFailedAndTheExceptionNamesIt() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        blockTheBackupOf(file)

        val thrown = runCatching {
            atomicWrite(file, backups = 1, keepFailed = true) { temp -> Files.writeString(temp, "new") }
        }.exceptionOrNull()

        val kept = dir.resolve("tasks.json.failed")
        assertThat(thrown).isInstanceOf(IOException::class.java).hasMessageContaining(kept.toString())
        assertThat(RecoveryFileNotice.`in`(thrown).map { it.file() }).contains(kept)
        assertThat(kept).hasContent("new")
        assertThat(Path.of("$kept.json")).content().contains("\"target\": \"$file\"")
        assertThat(file).hasContent("old")
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun keepFailedFalseWinsOverTheGlobalSettingAndNullTakesIt() = runTest {
        config.set("resilientio.atomic.keep-failed", "true")
        val off = Files.writeString(dir.resolve("off.json"), "old")
        val configured = Files.writeString(dir.resolve("configured.json"), "old")
        blockTheBackupOf(off)
        blockTheBackupOf(configured)

        val offFailure = runCatching {
            atomicWrite(off, backups = 1, keepFailed = false) { temp -> Files.writeString(temp, "new") }
        }.exceptionOrNull()
        val configuredFailure = runCatching {
            atomicWrite(configured, backups = 1) { temp -> Files.writeString(temp, "new") }
        }.exceptionOrNull()

        assertThat(offFailure).isInstanceOf(IOException::class.java)
        assertThat(dir.resolve("off.json.failed")).doesNotExist()
        assertThat(configuredFailure).isInstanceOf(IOException::class.java)
        assertThat(dir.resolve("configured.json.failed")).hasContent("new")
    }

    @Test
    fun nothingIsKeptWhenTheCallbackThrows() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        val failure = IOException("the callback failed after writing")

        val thrown = runCatching {
            atomicWrite(file, keepFailed = true) { temp ->
                Files.writeString(temp, "half")
                throw failure
            }
        }.exceptionOrNull()

        assertThat(thrown).isSameAs(failure)
        assertThat(dir.resolve("tasks.json.failed")).doesNotExist()
    }
}
